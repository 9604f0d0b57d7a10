/**
 * The release facts (`gates/engine/release-facts.ts`) an edge summary adds to: the candidate's
 * requests, keyed requests and distinct keys, its first and last request time, and errors by kind
 * per arm — the same numbers its outcomes would have added one by one.
 */
import type { SummaryEvent } from '@ripcord/protocol';
import { addDistinct } from '../gates/engine/distinct-count.js';
import { MAX_ERROR_KINDS, OTHER_KINDS, type ReleaseFacts } from '../gates/engine/release-facts.js';
import { eventTimeMs } from '../gates/engine/event-time.js';

/** Adds a summary's counts to the facts (in place). */
export function countSummaryFacts(facts: ReleaseFacts, s: SummaryEvent): void {
  for (const [kind, n] of Object.entries(s.errorKinds ?? {})) addErrorKind(facts.errorKinds[s.arm], kind, n);
  if (s.arm !== 'candidate') return;
  facts.requests += s.count;
  facts.keyed += s.keyed ?? 0;
  for (const key of s.keys ?? []) addDistinct(facts.keys, key);
  const first = eventTimeMs(s.firstAt);
  const last = eventTimeMs(s.lastAt);
  if (facts.firstAtMs === null || first < facts.firstAtMs) facts.firstAtMs = first;
  if (facts.lastAtMs === null || last > facts.lastAtMs) facts.lastAtMs = last;
}

/** `countErrorKind` for `n` errors of one kind (the same cap on distinct kinds). */
function addErrorKind(kinds: Record<string, number>, kind: string, n: number): void {
  const known = Object.hasOwn(kinds, kind);
  const name = known || Object.keys(kinds).length < MAX_ERROR_KINDS ? kind : OTHER_KINDS;
  const count = Object.hasOwn(kinds, name) ? (kinds[name] ?? 0) : 0;
  Object.defineProperty(kinds, name, { value: count + n, enumerable: true, writable: true, configurable: true });
}
