import { scopeAllows, type Principal } from '../auth/principal.js';
import type { AuditEntry } from './audit-store.js';

/** Where an entry's subject lives: its workflow and, when it has one, its environment. */
export interface AuditPlace {
  workflow: string;
  environment?: string;
}

/** Finds the release (or the incident's release) an id names; undefined for other subjects. */
export type ReleaseOfSubject = (id: string) => Promise<{ workflow: string; environment: string } | undefined>;

/**
 * The workflow (and environment) an audit entry is about, or undefined when it belongs to no
 * workflow (tokens, alerts, the server itself). Subjects are `workflow`, `workflow/version`,
 * `workflow/environment/label`, `workflow/environment` (configuration), or a release, incident,
 * alert or token id.
 */
export async function placeOf(
  entry: Pick<AuditEntry, 'subject' | 'action'>,
  releaseOf: ReleaseOfSubject,
): Promise<AuditPlace | undefined> {
  const parts = entry.subject.split('/');
  if (parts.length === 1) {
    const release = await releaseOf(entry.subject);
    if (release) return release;
    return entry.action.startsWith('workflow.') ? { workflow: entry.subject } : undefined;
  }
  const [workflow, second] = parts as [string, string];
  const withEnvironment = parts.length === 3 || entry.action.startsWith('config.');
  return withEnvironment ? { workflow, environment: second } : { workflow };
}

/**
 * The entries a principal may read: everything for an unscoped token; for a scoped one only the
 * entries of workflows (and the environment) in its scope. Entries that belong to no workflow
 * (tokens, alerts) are hidden from scoped tokens: they may name other workflows' people and ids.
 */
export async function visibleEntries(
  principal: Principal,
  entries: AuditEntry[],
  releaseOf: ReleaseOfSubject,
): Promise<AuditEntry[]> {
  if (principal.scope === null) return entries;
  const visible: AuditEntry[] = [];
  for (const entry of entries) {
    const place = await placeOf(entry, releaseOf);
    if (place && scopeAllows(principal, place.workflow, place.environment)) visible.push(entry);
  }
  return visible;
}
