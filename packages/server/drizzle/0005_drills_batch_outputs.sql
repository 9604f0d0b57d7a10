CREATE TABLE "batch_outputs" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"bundle_version" text NOT NULL,
	"batch_key" text NOT NULL,
	"batch_id" text NOT NULL,
	"input_hash" text NOT NULL,
	"location" text NOT NULL,
	"output_hash" text NOT NULL,
	"items" jsonb NOT NULL,
	"status" text NOT NULL,
	"superseded_by" text,
	"invalidation" jsonb,
	"registered_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drills" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"environment" text NOT NULL,
	"level" bigint NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"run_id" text,
	"detail" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "batch_outputs_version" ON "batch_outputs" USING btree ("workflow","bundle_version");--> statement-breakpoint
CREATE INDEX "batch_outputs_key" ON "batch_outputs" USING btree ("workflow","batch_key");--> statement-breakpoint
CREATE INDEX "drills_workflow" ON "drills" USING btree ("workflow","environment","started_at");