/**
 * Late labels at production volume (issue 13 part 4, ADR 0012): how late may a review arrive and
 * still match the request it labels, at a given request rate, and what does matching cost in
 * memory? Drives the gate engine the server runs (`applyEvent`) in event time: R requests/s of a
 * 5 % canary for D + 60 s; every 50th request of the first 60 s gets a review verdict D seconds
 * after it was served. Each verdict is read two ways: by request id alone (the bounded request
 * index, 100,000 requests) and stamped from the request's handle (arm and bundle, `labelEvent`);
 * a match counts only when the label lands on the arm that really served the request.
 *
 *   node --import tsx bench/late-labels.bench.ts [--quick]
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Arm, OutcomeEvent, ReviewEvent } from '@ripcord/protocol';
import { applyEvent, createReleaseState, gatesSchema } from '../packages/server/src/features/gates/index.js';
import { attributeLabel } from '../packages/server/src/features/gates/engine/release-ingest.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const quick = process.argv.includes('--quick');
const WINDOW_S = 60;
const LABEL_EVERY = 50;
const T0 = Date.parse('2026-05-02T10:00:00Z');
const bundles = { control: '2026-04-10.1', candidate: '2026-05-02.1' };

const gates = gatesSchema.parse([
  {
    name: 'review-rejection',
    metric: 'review_rejection_rate',
    candidate: { worseThanControlBy: '5pp' },
    over: { reviewedOutputs: 200 },
    severity: 'rapid',
  },
  {
    name: 'customer-complaints',
    metric: 'confirmed_complaints',
    count: { atLeast: 3, within: 'release', matchingSamples: true },
    severity: 'rapid',
  },
]);

/** The arm of request i: a deterministic 5 % canary (every 20th request). */
const armOf = (i: number): Arm => (i % 20 === 7 ? 'candidate' : 'control');

interface Cell {
  rate: number;
  delayS: number;
  labels: number;
  byId: number;
  stamped: number;
  heapMb: number;
  indexed: number;
  seconds: number;
}

function runCell(rate: number, delayS: number): Cell {
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const started = performance.now();
  const state = createReleaseState({ release: 'bench', gates, bundles }, new Date(T0));
  const outcome: OutcomeEvent = {
    type: 'outcome',
    id: '',
    workflow: 'w',
    environment: 'production',
    release: 'bench',
    at: '',
    requestId: '',
    arm: 'control',
  };
  const review: ReviewEvent = {
    type: 'review',
    id: '',
    workflow: 'w',
    environment: 'production',
    release: 'bench',
    at: '',
    requestId: '',
    verdict: 'accepted',
  };
  let labels = 0;
  let byId = 0;
  let stamped = 0;
  const total = (delayS + WINDOW_S) * rate;
  for (let s = 0; s < delayS + WINDOW_S; s++) {
    const at = new Date(T0 + s * 1000).toISOString();
    outcome.at = at;
    for (let j = 0; j < rate; j++) {
      const i = s * rate + j;
      outcome.id = `o${i}`;
      outcome.requestId = `req-${i}`;
      outcome.arm = armOf(i);
      applyEvent(state, outcome);
    }
    // Verdicts due now: for the requests served D seconds ago, in the first minute.
    const served = s - delayS;
    if (served < 0 || served >= WINDOW_S) continue;
    review.at = at;
    for (let j = 0; j < rate; j += LABEL_EVERY) {
      const i = served * rate + j;
      const arm = armOf(i);
      labels += 1;
      const bare = attributeLabel(state, `req-${i}`, {});
      if (!('reason' in bare) && bare.arm === arm) byId += 1;
      review.id = `v${i}`;
      review.requestId = `req-${i}`;
      review.arm = arm;
      review.bundleVersion = bundles[arm];
      const r = applyEvent(state, review);
      if (r.applied && r.arm === arm) stamped += 1;
    }
  }
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  const indexed = state.index?.entries.size ?? 0;
  if (state.applied.events < total) throw new Error('events were dropped');
  return { rate, delayS, labels, byId, stamped, heapMb, indexed, seconds: (performance.now() - started) / 1000 };
}

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;
const delay = (s: number) => (s < 60 ? `${s} s` : s < 3600 ? `${s / 60} min` : `${s / 3600} h`);

const cells: [number, number][] = quick
  ? [
      [2000, 30],
      [2000, 60],
      [2000, 600],
    ]
  : [
      [1000, 60],
      [1000, 120],
      [2000, 30],
      [2000, 60],
      [2000, 600],
      [2000, 3600],
      [2000, 4 * 3600],
      [2000, 24 * 3600],
      [5000, 600],
    ];
console.log(
  '| requests/s | label delay | labels | matched by id (index) | matched stamped | heap after (MB) | index entries | run (s) |',
);
console.log(
  '| ---------: | ----------: | -----: | --------------------: | --------------: | --------------: | ------------: | ------: |',
);
let ok = true;
for (const [rate, delayS] of cells) {
  const c = runCell(rate, delayS);
  if (c.stamped !== c.labels) ok = false;
  console.log(
    `| ${rate} | ${delay(delayS)} | ${c.labels} | ${pct(c.byId, c.labels)} | ${pct(c.stamped, c.labels)} | ${c.heapMb.toFixed(1)} | ${c.indexed} | ${c.seconds.toFixed(0)} |`,
  );
}
if (!ok) {
  console.error('a stamped label did not match its request');
  process.exit(1);
}
