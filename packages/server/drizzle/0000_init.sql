CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bundles" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"version" text NOT NULL,
	"spec" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"archived_at" timestamp with time zone,
	"archived_by" text
);
--> statement-breakpoint
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
CREATE TABLE "decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"release_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"reasoning" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gate_states" (
	"release_id" text PRIMARY KEY NOT NULL,
	"state" jsonb NOT NULL,
	"applied" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"release_id" text NOT NULL,
	"run_id" text NOT NULL,
	"status" text NOT NULL,
	"times" jsonb NOT NULL,
	"blast_radius" jsonb,
	"verification" jsonb,
	"review" jsonb,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incidents_run_id_unique" UNIQUE("run_id")
);
--> statement-breakpoint
CREATE TABLE "ingest_batches" (
	"key" text PRIMARY KEY NOT NULL,
	"response" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "label_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "label_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workflow" text NOT NULL,
	"environment" text NOT NULL,
	"label" text NOT NULL,
	"from_version" text,
	"to_version" text,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"workflow" text NOT NULL,
	"environment" text NOT NULL,
	"label" text NOT NULL,
	"bundle_version" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "labels_workflow_environment_label_pk" PRIMARY KEY("workflow","environment","label")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"target" text NOT NULL,
	"kind" text NOT NULL,
	"release_id" text,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" bigint NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "release_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "release_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"release_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"environment" text NOT NULL,
	"name" text NOT NULL,
	"spec" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"status" text NOT NULL,
	"stage" bigint NOT NULL,
	"timers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "retention_holds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retention_holds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workflow" text NOT NULL,
	"bundle_version" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rollback_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"release_id" text NOT NULL,
	"status" text NOT NULL,
	"plan" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"role" text NOT NULL,
	"hash" text NOT NULL,
	"scope" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "tokens_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"name" text PRIMARY KEY NOT NULL,
	"spec" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_workflow_workflows_name_fk" FOREIGN KEY ("workflow") REFERENCES "public"."workflows"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bundles_workflow_version" ON "bundles" USING btree ("workflow","version");--> statement-breakpoint
CREATE INDEX "config_revisions_workflow" ON "config_revisions" USING btree ("environment","workflow","revision");--> statement-breakpoint
CREATE INDEX "decisions_release" ON "decisions" USING btree ("release_id","at");--> statement-breakpoint
CREATE INDEX "incidents_release" ON "incidents" USING btree ("release_id");--> statement-breakpoint
CREATE INDEX "ingest_batches_at" ON "ingest_batches" USING btree ("at");--> statement-breakpoint
CREATE INDEX "label_history_lookup" ON "label_history" USING btree ("workflow","environment","label","id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_key_target" ON "notification_outbox" USING btree ("key","target");--> statement-breakpoint
CREATE INDEX "notification_outbox_due" ON "notification_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "release_events_release" ON "release_events" USING btree ("release_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_name" ON "releases" USING btree ("workflow","environment","name");--> statement-breakpoint
CREATE INDEX "releases_status" ON "releases" USING btree ("status");--> statement-breakpoint
CREATE INDEX "retention_holds_bundle" ON "retention_holds" USING btree ("workflow","bundle_version");--> statement-breakpoint
CREATE UNIQUE INDEX "rollback_runs_one_running" ON "rollback_runs" USING btree ("release_id") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "rollback_runs_release" ON "rollback_runs" USING btree ("release_id","created_at");