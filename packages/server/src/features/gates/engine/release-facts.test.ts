/**
 * Facts the engine counts beside the gates: the candidate's requests, distinct keys and first/last
 * times (blast radius), and its write tool calls with samples; persisted in the snapshot.
 */
import { describe, expect, it } from 'vitest';
import type { IngestEvent, OutcomeEvent } from '@ripcord/protocol';
import { estimateDistinct } from './distinct-count.js';
import { exposureOf, MAX_WRITE_TOOLS, OTHER_TOOLS, WRITE_SAMPLES } from './release-facts.js';
import { applyEvent } from './release-ingest.js';
import { createReleaseState, type ReleaseGateState } from './release-state.js';
import { restoreReleaseState, serializeReleaseState, type ReleaseStateSnapshot } from './state-snapshot.js';

const T0 = Date.parse('2026-05-02T10:00:00Z');
let n = 0;

function outcome(fields: Partial<OutcomeEvent> = {}): OutcomeEvent {
  n += 1;
  return {
    type: 'outcome',
    id: `e${n}`,
    workflow: 'w',
    environment: 'production',
    release: 'r',
    arm: 'candidate',
    at: new Date(T0).toISOString(),
    requestId: `req-${n}`,
    ...fields,
  };
}

/** An outcome without an arm: attributed by its bundle version. */
function unarmed(fields: Partial<OutcomeEvent>): OutcomeEvent {
  const e = outcome(fields);
  delete e.arm;
  return e;
}

const state = (): ReleaseGateState =>
  createReleaseState(
    { release: 'r', gates: [], bundles: { control: '1', candidate: '2' }, writeTools: ['issue_refund'] },
    new Date(T0),
  );

describe('release facts', () => {
  it('counts candidate requests, distinct keys and the first and last time, not control ones', () => {
    const s = state();
    const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();
    applyEvent(s, outcome({ key: 'u1', at: at(50) }));
    applyEvent(s, outcome({ key: 'u2', at: at(10) }));
    applyEvent(s, outcome({ key: 'u1', at: at(90) }));
    applyEvent(s, outcome({ at: at(30) }));
    applyEvent(s, unarmed({ bundleVersion: '2', key: 'u3', at: at(40) }));
    applyEvent(s, outcome({ arm: 'control', key: 'c1', at: at(5) }));
    applyEvent(s, unarmed({ bundleVersion: '1', key: 'c2', at: at(100) }));
    applyEvent(s, {
      type: 'crash',
      id: 'x',
      workflow: 'w',
      environment: 'production',
      at: at(1),
      arm: 'candidate',
      kind: 'oom',
    });
    expect(exposureOf(s.facts)).toEqual({
      requests: 5,
      distinctKeys: 3,
      firstAt: at(10),
      lastAt: at(90),
    });
    expect(s.facts.keyed).toBe(4);
  });

  it('reads no exposure before the candidate served anything', () => {
    expect(exposureOf(state().facts)).toEqual({ requests: 0, distinctKeys: 0, firstAt: null, lastAt: null });
  });

  it('counts write tool calls: declared by the bundle or by the event, with up to 5 samples', () => {
    const s = state();
    for (let i = 0; i < 8; i++)
      applyEvent(
        s,
        outcome({
          requestId: `r${i}`,
          toolCalls: [
            { name: 'issue_refund', ok: i !== 3 },
            { name: 'lookup_order', sideEffects: 'read' },
            ...(i % 2 === 0 ? [{ name: 'send_email', sideEffects: 'write' as const }] : []),
          ],
        }),
      );
    // The control arm's writes are not the candidate's side effects.
    applyEvent(s, outcome({ arm: 'control', toolCalls: [{ name: 'issue_refund' }] }));
    // Two calls of a tool in one request count twice; the sample id is kept once.
    applyEvent(
      s,
      outcome({
        requestId: 'r9',
        toolCalls: [
          { name: 'send_email', sideEffects: 'write' },
          { name: 'send_email', sideEffects: 'write' },
        ],
      }),
    );
    expect(s.facts.writeTools).toEqual({
      issue_refund: { count: 8, samples: ['r0', 'r1', 'r2', 'r3', 'r4'] },
      send_email: { count: 6, samples: ['r0', 'r2', 'r4', 'r6', 'r9'] },
    });
    expect(s.facts.writeTools.issue_refund?.samples).toHaveLength(WRITE_SAMPLES);
  });

  it('bounds the tools it names, and keeps a tool called __proto__ as a tool', () => {
    const s = state();
    for (let i = 0; i < MAX_WRITE_TOOLS + 10; i++)
      applyEvent(s, outcome({ toolCalls: [{ name: i === 0 ? '__proto__' : `tool-${i}`, sideEffects: 'write' }] }));
    const names = Object.keys(s.facts.writeTools);
    expect(names).toHaveLength(MAX_WRITE_TOOLS + 1);
    expect(names).toContain('__proto__');
    expect(s.facts.writeTools[OTHER_TOOLS]?.count).toBe(10);
    expect(Object.getPrototypeOf(s.facts.writeTools)).toBe(Object.prototype);
  });

  it('persists with the snapshot, and a snapshot written before facts existed restores empty', () => {
    const s = state();
    const events: IngestEvent[] = [];
    for (let i = 0; i < 500; i++)
      events.push(outcome({ key: `k${i % 120}`, toolCalls: i % 7 === 0 ? [{ name: 'issue_refund' }] : [] }));
    for (const e of events) applyEvent(s, e);
    const text = serializeReleaseState(s);
    const back = restoreReleaseState(JSON.parse(text) as ReleaseStateSnapshot);
    expect(exposureOf(back.facts)).toEqual(exposureOf(s.facts));
    expect(back.facts.writeTools).toEqual(s.facts.writeTools);
    expect(estimateDistinct(back.facts.keys)).toBe(120);
    // The write tool set is rebuilt from the config.
    applyEvent(back, outcome({ toolCalls: [{ name: 'issue_refund' }] }));
    expect(back.facts.writeTools.issue_refund?.count).toBe(s.facts.writeTools.issue_refund!.count + 1);

    const old = JSON.parse(text) as ReleaseStateSnapshot;
    delete old.facts;
    expect(exposureOf(restoreReleaseState(old).facts)).toEqual({
      requests: 0,
      distinctKeys: 0,
      firstAt: null,
      lastAt: null,
    });
  });
});
