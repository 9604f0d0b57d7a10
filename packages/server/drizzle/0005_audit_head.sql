CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
INSERT INTO "audit_head" ("id", "seq", "hash", "at")
SELECT 1, "seq", "hash", "at" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1;
