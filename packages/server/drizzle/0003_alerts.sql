CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"fingerprint" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"severity" text,
	"labels" jsonb NOT NULL,
	"annotations" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"matches" jsonb NOT NULL,
	"reason" text,
	"first_received_at" timestamp with time zone NOT NULL,
	"last_received_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"deliveries" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "alerts_outcome_received" ON "alerts" USING btree ("outcome","last_received_at");