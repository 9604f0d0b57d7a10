CREATE TABLE "config_revisions" (
	"environment" text NOT NULL,
	"revision" bigint NOT NULL,
	"workflow" text NOT NULL,
	"config" jsonb NOT NULL,
	"change" jsonb NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "config_revisions_environment_revision_pk" PRIMARY KEY("environment","revision")
);
--> statement-breakpoint
CREATE INDEX "config_revisions_workflow" ON "config_revisions" USING btree ("environment","workflow","revision");