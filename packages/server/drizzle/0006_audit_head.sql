CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Existing databases start with the head of the chain they already hold (audit verify compares against it).
INSERT INTO "audit_head" ("id", "seq", "hash", "at")
SELECT 1, "seq", "hash", "at" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1;
--> statement-breakpoint
-- Drills and batch outputs act like the rest of the leader's writes: fenced by the lease (ADR 0014).
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "drills" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "batch_outputs" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
