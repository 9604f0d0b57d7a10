CREATE TABLE "ripcord_leader" (
	"id" bigint PRIMARY KEY NOT NULL,
	"token" bigint NOT NULL,
	"holder" text NOT NULL,
	"url" text,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Fencing (ADR 0014): a write to a table that acts must come from a connection whose
-- ripcord.fence setting is the lease's current token. FOR SHARE makes a takeover (which updates
-- the token) wait for every fenced transaction still open, so nothing a deposed leader writes
-- can land after its successor has read the state. No lease row: one process (PGlite), no check.
CREATE FUNCTION "ripcord_fence"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	lease bigint;
	mine text := coalesce(nullif(current_setting('ripcord.fence', true), ''), 'none');
BEGIN
	SELECT "token" INTO lease FROM "ripcord_leader" WHERE "id" = 1 FOR SHARE;
	IF lease IS NULL OR mine = lease::text THEN
		RETURN NULL;
	END IF;
	RAISE EXCEPTION 'ripcord: write to % refused: this process does not hold the leader lease (fencing token %, current %)', TG_TABLE_NAME, mine, lease
		USING ERRCODE = 'RC001';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "releases" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "release_events" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "decisions" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "rollback_runs" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "incidents" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "notification_outbox" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "gate_states" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "ingest_batches" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "config_revisions" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
CREATE TRIGGER "ripcord_fence" BEFORE INSERT OR UPDATE OR DELETE ON "labels" FOR EACH STATEMENT EXECUTE FUNCTION "ripcord_fence"();
--> statement-breakpoint
-- Every replica's SSE clients hear of a revision through LISTEN ripcord_config (delivered on
-- commit, in commit order; revisions of one environment are numbered under a lock, so in order).
CREATE FUNCTION "ripcord_config_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('ripcord_config', json_build_object('environment', NEW."environment", 'revision', NEW."revision")::text);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "ripcord_config_notify" AFTER INSERT ON "config_revisions" FOR EACH ROW EXECUTE FUNCTION "ripcord_config_notify"();
