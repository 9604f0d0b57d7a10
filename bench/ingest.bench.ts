/**
 * Ingest benchmark (issue 4): events/s through `POST /v1/events` on a real server over loopback,
 * with one running release of 50 live gates of mixed forms (bench/ingest-workload.ts). The server
 * runs in its own process (this file with `--server`), on an embedded PGlite store in a temporary
 * data directory, exactly as `ripcord serve` runs; the driver here streams batches from a few
 * concurrent senders, each waiting for its 202 (which the server sends only once the aggregate
 * holding the batch is committed). Reports events/s, batch latency, commits, and the server's RSS
 * and heap before and after (memory must not grow with events).
 *
 * Run: node --import tsx bench/ingest.bench.ts [seconds=12] [senders=4] [batch=1000] [--cpu-prof]
 *      [--no-late-labels]
 *      (--cpu-prof writes the server's CPU profile to .bench-tmp/ when it exits; --no-late-labels
 *      swaps the release's three late-label gates for other forms, so the engine keeps no
 *      request index)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { batchMaker, benchDocuments } from './ingest-workload.js';
import { forceRunning } from '../packages/server/src/features/releases/machine/force-start.js';

const TOKEN = 'ingest-bench-admin-token-0123456789';
const self = fileURLToPath(import.meta.url);

/** The server process: start, apply the workload's documents, start the release's gate session. */
async function serve(dataDir: string, noLateLabels: boolean): Promise<void> {
  const { startServer } = await import('../packages/server/src/server.js');
  const server = await startServer(
    { port: 0, dataDir, logLevel: 'silent', bodyLimitBytes: 2 * 1024 * 1024 },
    { RIPCORD_ADMIN_TOKEN: TOKEN },
    { announce: () => undefined },
  );
  const s = server.services;
  const actor = { subject: 'bench', role: 'admin' as const, tokenId: 'bench', scope: null };
  await s.apply.apply(benchDocuments({ lateLabels: !noLateLabels }), actor);
  const release = await s.releases.get('bench', 'production', 'bench-50');
  const running = await forceRunning(s.stores, release, new Date());
  await s.gateSessions.start(running, new Date());
  const gates = (await s.gateSessions.view(release.id, new Date()))?.evaluation.gates.length;
  process.stdout.write(`ready ${server.url} ${release.id} ${gates}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'stats') {
      const cpu = process.cpuUsage(); // before the GC and the read below, which are not ingest
      global.gc?.();
      const memory = process.memoryUsage(); // before the read: its decoded rows are not ingest's
      const row = await s.stores.gateStates.get(release.id);
      const stats = {
        cpuMicros: cpu.user + cpu.system,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        applied: row?.applied ?? 0,
        snapshotBytes: JSON.stringify(row?.state ?? null).length,
        commits: s.gateSessions.commitStats(),
        ingest: s.ingest.stats(),
        cpuAfterMicros: 0,
      };
      const after = process.cpuUsage();
      stats.cpuAfterMicros = after.user + after.system;
      process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
    } else if (line === 'stop') {
      await server.stop();
      process.exit(0);
    }
  }
}

interface ServerStats {
  /** The server process's CPU time (user + system, all threads) before and after this read, µs. */
  cpuMicros: number;
  cpuAfterMicros: number;
  rss: number;
  heapUsed: number;
  applied: number;
  snapshotBytes: number;
  commits: { writes: number; items: number; pending: number };
  ingest: { batches: number; accepted: number; rejected: number; duplicates: number; rateLimited: number };
}

/** Spawns the server and returns a way to ask it for stats. */
async function spawnServer(dataDir: string, profile: boolean, noLateLabels: boolean) {
  const args = ['--expose-gc', '--import', 'tsx'];
  if (profile) args.push('--cpu-prof', '--cpu-prof-dir', path.resolve('.bench-tmp'));
  const flags = noLateLabels ? ['--no-late-labels'] : [];
  const child: ChildProcess = spawn(process.execPath, [...args, self, '--server', dataDir, ...flags], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const [, url, releaseId, gates] = (await next()).split(' ');
  const stats = async (): Promise<ServerStats> => {
    const answer = next();
    child.stdin!.write('stats\n');
    return JSON.parse((await answer).slice('stats '.length)) as ServerStats;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin!.write('stop\n');
    });
  return { url: url!, releaseId: releaseId!, gates: Number(gates), stats, stop };
}

interface Run {
  events: number;
  batches: number;
  refused: number;
  seconds: number;
  latencies: number[];
}

/** `senders` concurrent loops posting batches until `seconds` have passed. */
async function stream(url: string, seconds: number, senders: number, size: number, counter: { next: number }) {
  const maker = batchMaker(size);
  const run: Run = { events: 0, batches: 0, refused: 0, seconds: 0, latencies: [] };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const body = maker.make(counter.next++, new Date());
      const t0 = performance.now();
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'idempotency-key': `k${counter.next}`,
        },
        body,
      });
      const result = (await res.json()) as { accepted?: number };
      if (res.status !== 202) {
        run.refused += 1;
        continue;
      }
      run.latencies.push(performance.now() - t0);
      run.batches += 1;
      run.events += result.accepted ?? 0;
    }
  };
  await Promise.all(Array.from({ length: senders }, loop));
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? NaN;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

async function drive(): Promise<void> {
  const numbers = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'))
    .map(Number);
  const [seconds = 12, senders = 4, size = 1000] = numbers;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-ingest-bench-'));
  const noLateLabels = process.argv.includes('--no-late-labels');
  const server = await spawnServer(dataDir, process.argv.includes('--cpu-prof'), noLateLabels);
  const counter = { next: 0 };
  try {
    await stream(server.url, 3, senders, size, counter); // warm-up: JIT, sketches, window buffers
    const before = await server.stats();
    const first = await stream(server.url, seconds, senders, size, counter);
    const middle = await server.stats();
    const second = await stream(server.url, seconds, senders, size, counter);
    const after = await server.stats();
    report(server.gates, size, senders, [first, second], [before, middle, after], batchMaker(size).bytes);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(gates: number, size: number, senders: number, runs: Run[], stats: ServerStats[], bytes: number) {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${mb(os.totalmem())} memory`);
  console.log(`${gates} live gates; batches of ${size} events (${fmt(bytes)} bytes); ${senders} concurrent senders\n`);
  // Server CPU per event is the steadier number on a shared machine: wall-clock events/s moves
  // with whatever else runs, CPU time spent per event much less.
  console.log(
    '| phase | seconds | events | events/s | batches/s | p50 batch ms | p99 batch ms | refused | server CPU µs/event |',
  );
  console.log(
    '| ----- | ------: | -----: | -------: | --------: | -----------: | -----------: | ------: | ------------------: |',
  );
  runs.forEach((r, i) => {
    const cpu = (stats[i + 1]!.cpuMicros - stats[i]!.cpuAfterMicros) / Math.max(1, r.events);
    console.log(
      `| ${i + 1} | ${r.seconds.toFixed(1)} | ${fmt(r.events)} | ${fmt(r.events / r.seconds)} | ${fmt(r.batches / r.seconds)} | ${quantile(r.latencies, 0.5).toFixed(1)} | ${quantile(r.latencies, 0.99).toFixed(1)} | ${r.refused} | ${cpu.toFixed(1)} |`,
    );
  });
  console.log('\n| server after | events applied | RSS | heap used | gate state JSON | commits | batches per commit |');
  console.log('| ------------ | -------------: | --: | --------: | --------------: | ------: | -----------------: |');
  const names = ['warm-up', 'phase 1', 'phase 2'];
  stats.forEach((s, i) =>
    console.log(
      `| ${names[i]} | ${fmt(s.applied)} | ${mb(s.rss)} | ${mb(s.heapUsed)} | ${fmt(s.snapshotBytes)} B | ${fmt(s.commits.writes)} | ${(s.commits.items / Math.max(1, s.commits.writes)).toFixed(1)} |`,
    ),
  );
}

if (process.argv[2] === '--server') await serve(process.argv[3]!, process.argv.includes('--no-late-labels'));
else await drive();
