ALTER TABLE "releases" ALTER COLUMN "timers" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "state" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "reference_distributions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rollback_runs" ADD COLUMN "requested_at" timestamp with time zone;--> statement-breakpoint
-- ADR 0005: the bag of optional timers becomes the state each status keeps
-- (packages/server/src/features/releases/machine/status-state.ts); declared references get a column.
WITH src AS (
  SELECT "id", "status", coalesce("timers", '{}'::jsonb) AS t,
    to_char(coalesce("started_at", "updated_at") AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started
  FROM "releases"
), parts AS (
  SELECT "id", "status", t,
    CASE WHEN t ? 'firstBreachAt' THEN jsonb_build_object('firstBreachAt', t->'firstBreachAt') ELSE '{}'::jsonb END AS first_breach,
    CASE WHEN NOT (t ? 'teamLeadAckBy') THEN '{}'::jsonb
      WHEN t ? 'teamLeadAckedAt' THEN jsonb_build_object('teamLead', jsonb_build_object('ackBy', t->'teamLeadAckBy', 'answer', 'acknowledged', 'at', t->'teamLeadAckedAt'))
      WHEN t ? 'teamLeadMissed' THEN jsonb_build_object('teamLead', jsonb_build_object('ackBy', t->'teamLeadAckBy', 'answer', 'missed', 'at', t->'teamLeadMissed'))
      ELSE jsonb_build_object('teamLead', jsonb_build_object('ackBy', t->'teamLeadAckBy', 'answer', 'waiting'))
    END AS team_lead,
    CASE WHEN t ? 'pendingRollback' THEN jsonb_build_object('pendingRollback', t->'pendingRollback') ELSE '{}'::jsonb END AS pending,
    jsonb_build_object(
      'stage', jsonb_strip_nulls(jsonb_build_object(
        'startedAt', coalesce(t->'stageStartedAt', to_jsonb(started)),
        'bakeEndsAt', t->'bakeEndsAt',
        'evidenceAt', t->'offlineEvidence')),
      'gateSince', coalesce(t->'gateSince', '{}'::jsonb)
    ) || CASE WHEN t ? 'lastDecision' THEN jsonb_build_object('lastDecision', t->'lastDecision') ELSE '{}'::jsonb END AS watch
  FROM src
)
UPDATE "releases" AS r SET
  "reference_distributions" = coalesce(p.t->'referenceDistributions', '{}'::jsonb),
  "state" = CASE p."status"
    WHEN 'pending' THEN '{}'::jsonb
    WHEN 'running' THEN p.watch || p.first_breach || p.team_lead || p.pending
    WHEN 'paused' THEN p.watch || p.first_breach || p.team_lead || p.pending || jsonb_build_object('pause',
      jsonb_build_object('by', coalesce(p.t->'pausedBy', '"ripcord"'::jsonb), 'reason', coalesce(p.t->'pauseReason', '""'::jsonb)))
    WHEN 'rolling-back' THEN p.watch || p.first_breach || p.team_lead
    WHEN 'rolled-back' THEN p.first_breach || p.team_lead
    WHEN 'promoted' THEN p.first_breach || jsonb_build_object('cooldownEndsAt', coalesce(p.t->'cooldownEndsAt', to_jsonb(p.t->>'stageStartedAt')))
    ELSE p.first_breach
  END
FROM parts AS p WHERE p."id" = r."id";--> statement-breakpoint
ALTER TABLE "releases" ALTER COLUMN "state" DROP DEFAULT;
