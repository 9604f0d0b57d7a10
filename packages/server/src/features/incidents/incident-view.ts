/** An incident as the API and the CLI show it: its timeline and the effectiveness numbers (R8.2). */
import { notFound } from '../../errors.js';
import type { ReleaseEvent } from '../releases/release-store.js';
import type { IncidentStores } from './incident-deps.js';
import { incidentEvidence, type IncidentEvidence } from './incident-evidence.js';
import type { IncidentRecord } from './incident-store.js';

/** An incident with its timeline and the effectiveness numbers of R8.2. */
export interface IncidentView {
  incident: IncidentRecord;
  release: { id: string; workflow: string; environment: string; name: string; control: string; candidate: string };
  timeline: { at: string; kind: string; actor: string; summary: string }[];
  metrics: { mttdMs: number | null; mttrMs: number | null; firstTry: boolean; level: string };
  /** The decision behind the rollback with its frozen evidence (incident-evidence.ts). */
  evidence: IncidentEvidence | null;
}

/** An incident with its timeline and MTTD, MTTR and first-try success. */
export async function viewIncident(stores: IncidentStores, id: string): Promise<IncidentView> {
  const incident = await stores.incidents.get(id);
  if (!incident) throw notFound(`incident ${id}`);
  const release = await stores.releases.get(incident.releaseId);
  if (!release) throw notFound(`release ${incident.releaseId}`);
  const [events, runs, decisions] = await Promise.all([
    stores.releases.events(release.id),
    stores.runs.forRelease(release.id),
    stores.releases.decisions(release.id),
  ]);
  const run = runs.find((r) => r.id === incident.runId);
  const t = incident.times;
  return {
    incident,
    release: {
      id: release.id,
      workflow: release.workflow,
      environment: release.environment,
      name: release.name,
      control: release.spec.control,
      candidate: release.spec.candidate,
    },
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, summary: summarize(e) })),
    metrics: {
      mttdMs: between(t.exposedAt, t.detectedAt),
      mttrMs: between(t.decidedAt, t.verifiedAt),
      firstTry: runs.length === 1 && incident.status !== 'escalated',
      level: run?.plan.level ?? 'unknown',
    },
    evidence: incidentEvidence(decisions, t.decidedAt),
  };
}

function between(from: string | undefined, to: string | undefined): number | null {
  return from && to ? Date.parse(to) - Date.parse(from) : null;
}

function summarize(e: ReleaseEvent): string {
  const d = e.details;
  for (const key of ['reason', 'summary', 'reasoning']) if (typeof d[key] === 'string') return d[key];
  if (typeof d.kind === 'string') return d.kind;
  return '';
}
