/**
 * Micro-benchmark of the gate engine alone (no HTTP, no store): µs per `applyEvent` on the ingest
 * benchmark's 50-gate release (bench/ingest-workload.ts: same gates, same event mix), and ms per
 * snapshot of the resulting state. Events are parsed and validated outside the timed loop, so
 * only the engine is measured. It lives beside the engine (not in bench/) because it benchmarks
 * one module; run it directly:
 *
 *   node --import tsx bench/apply-event.bench.ts [events=300000] [--no-late-labels]
 *
 * It reports the engine's cost while the late-label request index fills (the first 100,000
 * outcomes) and once it is full (every insert evicts), because the two differ when eviction is
 * not constant-time; as wall time and as this process's CPU time (which a loaded, shared machine
 * inflates less: time spent descheduled is not counted).
 */
import type { IngestEvent } from '@ripcord/protocol';
import { batchMaker, benchDocuments } from './ingest-workload.js';
import { validateEvent } from '../packages/server/src/features/ingest/event-check.js';
import { gatesSchema } from '../packages/server/src/features/gates/language/gate-spec.js';
import { applyEvent } from '../packages/server/src/features/gates/engine/release-ingest.js';
import {
  createReleaseState,
  type ReleaseGateState,
} from '../packages/server/src/features/gates/engine/release-state.js';
import {
  restoreReleaseState,
  serializeReleaseState,
  snapshotReleaseState,
} from '../packages/server/src/features/gates/engine/state-snapshot.js';

const BATCH = 1000;
const T0 = Date.parse('2026-05-02T10:00:00Z');
const FEATURES = ['f1', 'f2', 'f3', 'f4', 'f5'];

/** The workload's release as the server would start it (gate-config.ts, without the store). */
function benchState(lateLabels: boolean): ReleaseGateState {
  const release = benchDocuments({ lateLabels }).find((d) => d.kind === 'Release');
  return createReleaseState(
    {
      release: 'bench-50',
      gates: gatesSchema.parse(release?.gates),
      criticality: 'business-critical',
      references: { slaLatencyMs: 400 },
      declaredFeatures: { control: FEATURES, candidate: FEATURES },
      bundles: { control: '1', candidate: '2' },
    },
    new Date(T0),
  );
}

/** Batch `b`'s events, validated as ingest does; 10 batches per simulated second. */
function batchEvents(maker: ReturnType<typeof batchMaker>, b: number): IngestEvent[] {
  const items = JSON.parse(maker.make(b, new Date(T0 + b * 100)).toString('latin1')) as unknown[];
  const out: IngestEvent[] = [];
  for (const item of items) {
    const checked = validateEvent(item);
    if (checked.ok) out.push(checked.event);
  }
  return out;
}

/**
 * Median ms of `f` over a few commits' worth of new events: each timing follows 4 more batches
 * (what one group commit carries with 8 senders), so cached sketch and index text is only reused
 * where a real commit could reuse it.
 */
function perCommitMs(state: ReleaseGateState, next: () => IngestEvent[][], f: () => void, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const batch of next()) for (const e of batch) applyEvent(state, e);
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? NaN;
}

function main(): void {
  const numbers = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'))
    .map(Number);
  const total = numbers[0] ?? 300_000;
  const lateLabels = !process.argv.includes('--no-late-labels');
  const state = benchState(lateLabels);
  const maker = batchMaker(BATCH);
  // Two phases: until the request index is full (without one: the first 100,000 events), then after.
  const phases = [
    { name: 'until the index is full', ms: 0, cpuMs: 0, events: 0 },
    { name: 'index full (every outcome evicts)', ms: 0, cpuMs: 0, events: 0 },
  ];
  let applied = 0;
  for (let b = 0; applied < total; b++) {
    const events = batchEvents(maker, b);
    const full = state.index === null ? applied >= 100_000 : state.index.entries.size >= state.index.capacity;
    const phase = phases[full ? 1 : 0];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const e of events) applyEvent(state, e);
    const cpu = process.cpuUsage(cpu0);
    const ms = performance.now() - t0;
    applied += events.length;
    if (phase !== undefined) {
      phase.ms += ms;
      phase.cpuMs += (cpu.user + cpu.system) / 1000;
      phase.events += events.length;
    }
  }
  console.log(`node ${process.version}; ${state.compiled.length} gates; late labels: ${lateLabels}`);
  console.log(`index: ${state.index === null ? 'none' : `${state.index.entries.size} entries`}`);
  for (const p of phases) {
    if (p.events === 0) continue;
    const us = (ms: number) => ((ms * 1000) / p.events).toFixed(2);
    console.log(`applyEvent, ${p.name}: ${us(p.ms)} µs/event wall, ${us(p.cpuMs)} µs/event CPU, ${p.events} events`);
  }
  let b = Math.ceil(applied / BATCH);
  const commit = () => [0, 1, 2, 3].map(() => batchEvents(maker, b++));
  const json = serializeReleaseState(state);
  console.log(`snapshot JSON: ${(json.length / 1e6).toFixed(2)} MB; per commit of 4,000 new events:`);
  const ms = (f: () => void) => `${perCommitMs(state, commit, f).toFixed(1)} ms`;
  console.log(`  snapshotReleaseState: ${ms(() => snapshotReleaseState(state))}`);
  console.log(`  JSON.stringify(snapshotReleaseState): ${ms(() => JSON.stringify(snapshotReleaseState(state)))}`);
  console.log(`  serializeReleaseState: ${ms(() => serializeReleaseState(state))}`);
  const parsed = JSON.parse(json) as ReturnType<typeof snapshotReleaseState>;
  console.log(
    `restoreReleaseState: ${perCommitMs(
      state,
      () => [],
      () => restoreReleaseState(parsed),
      3,
    ).toFixed(1)} ms`,
  );
}

main();
