/**
 * SDK hot-path benchmark: `client.route()` and `client.flag()` on a real client (loaded over HTTP
 * from a tiny in-process config endpoint), ns/op and bytes allocated per op.
 *
 *   node --import tsx bench/sdk-hotpath.bench.ts
 *
 * It re-executes itself with `--expose-gc --min-semi-space-size=64 --max-semi-space-size=64` when needed: with a 64 MB
 * young generation no scavenge runs during an allocation probe, so the heap delta is the bytes
 * allocated. Timing: calls run in batches of 100 timed with hrtime; the median and p99 are over
 * per-batch ns/op (a single call is too short to time on its own).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { ConfigSnapshot, EvaluationContext } from '@ripcord/protocol';
import { createClient, type RipcordClient } from '@ripcord/sdk';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--min-semi-space-size=64',
      '--max-semi-space-size=64',
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}

const BATCH = 100;
const BATCHES = 20_000;
const ALLOC_CALLS = 200_000;

interface Result {
  name: string;
  medianNs: number;
  p99Ns: number;
  bytesPerOp: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function measure(name: string, contexts: EvaluationContext[], op: (ctx: EvaluationContext) => unknown): Result {
  let sink: unknown;
  const n = contexts.length;
  for (let i = 0; i < 200_000; i++) sink = op(contexts[i % n]!); // warm-up: JIT and decision memo
  const perOp = new Float64Array(BATCHES);
  for (let b = 0; b < BATCHES; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sink = op(contexts[(b * BATCH + i) % n]!);
    perOp[b] = Number(process.hrtime.bigint() - start) / BATCH;
  }
  perOp.sort();
  gc!();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < ALLOC_CALLS; i++) sink = op(contexts[i % n]!);
  const bytesPerOp = Math.max(0, (process.memoryUsage().heapUsed - before) / ALLOC_CALLS);
  if (sink === Symbol.for('never')) console.log('unreachable');
  return { name, medianNs: percentile(perOp, 0.5), p99Ns: percentile(perOp, 0.99), bytesPerOp };
}

async function serveSnapshot(snapshot: ConfigSnapshot): Promise<{ url: string; close: () => void }> {
  const body = JSON.stringify(snapshot);
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json', etag: `"${snapshot.revision}"` }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function main(): Promise<void> {
  // The evaluation vectors' snapshot: 3 workflows, 15 segments, rules, overrides, a staff-only split.
  const vectors = JSON.parse(
    readFileSync(new URL('../packages/protocol/vectors/evaluation.json', import.meta.url), 'utf8'),
  ) as {
    suites: Array<{ snapshot: ConfigSnapshot | null }>;
  };
  const snapshot = structuredClone(vectors.suites[0]!.snapshot!);
  // 'plain': ride-pricing without its staff-only eligibility, so every keyed request is bucketed.
  const plain = structuredClone(snapshot.workflows['ride-pricing']!);
  delete plain.split!.eligibleSegment;
  snapshot.workflows.plain = plain;
  const server = await serveSnapshot(snapshot);
  const client: RipcordClient = createClient({
    server: server.url,
    token: 't',
    environment: 'production',
    workflows: ['support-summary', 'ride-pricing', 'quiet', 'plain'],
    streaming: false,
    pollIntervalMs: 3_600_000,
  });
  await client.ready();

  const keyed = Array.from({ length: 1000 }, (_, i) => ({ key: `user-${i}` }));
  const rich = Array.from({ length: 1000 }, (_, i) => ({
    key: `user-${i}`,
    plan: ['free', 'pro', 'enterprise'][i % 3],
    region: ['us-east-1', 'eu-west-1', 'ap-south-1'][i % 3],
    seats: i % 150,
    email: i % 10 === 0 ? `u${i}@ripcord.dev` : `u${i}@example.com`,
  }));
  const staff = Array.from({ length: 1000 }, (_, i) => ({ key: `rider-${i}`, staff: i % 2 === 0 }));

  const results = [
    measure('route(): no release', keyed, (c) => client.route('quiet', c)),
    measure('route(): 12.34 % split, 2 segments, key only', keyed, (c) => client.route('plain', c)),
    measure('route(): split + 15 segments + 5 rule flags, rich context', rich, (c) =>
      client.route('support-summary', c),
    ),
    measure('route(): staff-only canary, half staff', staff, (c) => client.route('ride-pricing', c)),
    measure('flag(): bundle value under a split (bucketing)', keyed, (c) =>
      client.flag('plain', 'ai.route.provider', 'x', c),
    ),
    measure('flag(): definition with rules, rich context', rich, (c) =>
      client.flag('support-summary', 'summary.maxSentences', 4, c),
    ),
    measure('flag(): definition default, no rules', keyed, (c) => client.flag('quiet', 'ai.route.mode', 'x', c)),
    // Control for the allocation probe: flagDetails() returns a fresh object per call.
    measure('flagDetails() (allocates its result; probe control)', keyed, (c) =>
      client.flagDetails('plain', 'ai.route.provider', 'x', c),
    ),
  ];
  await client.close();
  server.close();

  console.log(
    `# SDK hot path — node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), ${new Date().toISOString()}`,
  );
  console.log(`# ${BATCHES} batches × ${BATCH} calls per case; allocation over ${ALLOC_CALLS} calls`);
  console.log('| case | median ns/op | p99 ns/op | bytes/op |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results)
    console.log(`| ${r.name} | ${r.medianNs.toFixed(0)} | ${r.p99Ns.toFixed(0)} | ${r.bytesPerOp.toFixed(1)} |`);
}

await main();
