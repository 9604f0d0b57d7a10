CREATE TABLE "chaos_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"environment" text NOT NULL,
	"fault" text NOT NULL,
	"status" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"run_id" text,
	"detail" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "chaos_runs_workflow" ON "chaos_runs" USING btree ("workflow","environment","started_at");