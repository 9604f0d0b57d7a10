CREATE TABLE "incident_customer_messages" (
	"incident_id" text NOT NULL,
	"version" integer NOT NULL,
	"template" text,
	"text" text NOT NULL,
	"state" text NOT NULL,
	"by" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_customer_messages_incident_id_version_pk" PRIMARY KEY("incident_id","version")
);
--> statement-breakpoint
-- Written by the leader like every other write (ADR 0014).
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "incident_customer_messages" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
