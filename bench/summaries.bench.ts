/**
 * Edge summaries benchmark (issue 17): application requests judged per second by one server when
 * SDKs send summaries. A server process (this file with `--server`, embedded PGlite, as `ripcord
 * serve` runs) holds one running release with the 50 gates of bench/ingest-workload.ts. The driver
 * plays `instances` SDK instances each serving `perInstance` requests a second (a 10 % canary): it
 * folds one second of each instance's outcomes with the SDK's own Summarizer (timed: the
 * application-side cost), then for each simulated second posts, per instance, one batch holding
 * that instance's summaries (fresh ids, that second's interval), as the SDK's reporter would.
 *
 * Reported: the server's CPU per simulated second (the share of one core that judging
 * `instances × perInstance` requests/s costs), the wall time to take all seconds (which must stay
 * under one second per second to keep up), and the SDK's cost per outcome. Outcomes carry no
 * features or predictions (those go raw, docs/sdk.md), so the drift and missing-feature gates
 * only count what was served.
 *
 * Run: node --import tsx bench/summaries.bench.ts [seconds=10] [instances=200] [perInstance=5000] [senders=8]
 *      [--cpu-prof] (the server's CPU profile, to .bench-tmp/)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { OutcomeEvent, SummaryEvent } from '@ripcord/protocol';
import { benchDocuments } from './ingest-workload.js';
import { forceRunning } from '../packages/server/src/features/releases/machine/force-start.js';
import { Summarizer } from '../packages/sdk/src/report/summarizer.js';
import { seededRandom } from '../packages/server/src/stats/random.js';

const TOKEN = 'summaries-bench-admin-token-0123456789';
const self = fileURLToPath(import.meta.url);

async function serve(dataDir: string): Promise<void> {
  const { startServer } = await import('../packages/server/src/server.js');
  const server = await startServer(
    { port: 0, dataDir, logLevel: 'silent', bodyLimitBytes: 2 * 1024 * 1024 },
    { RIPCORD_ADMIN_TOKEN: TOKEN },
    { announce: () => undefined },
  );
  const s = server.services;
  const actor = { subject: 'bench', role: 'admin' as const, tokenId: 'bench', scope: null };
  await s.apply.apply(benchDocuments({ lateLabels: false }), actor);
  const release = await s.releases.get('bench', 'production', 'bench-50');
  await s.gateSessions.start(await forceRunning(s.stores, release, new Date()), new Date());
  const gates = (await s.gateSessions.view(release.id, new Date()))?.evaluation.gates.length;
  process.stdout.write(`ready ${server.url} ${release.id} ${gates}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'stats') {
      const cpu = process.cpuUsage();
      const row = await s.stores.gateStates.get(release.id);
      const commits = s.gateSessions.commitStats();
      process.stdout.write(
        `stats ${JSON.stringify({ cpuMicros: cpu.user + cpu.system, applied: row?.applied ?? 0, commits })}\n`,
      );
    } else if (line === 'stop') {
      await server.stop();
      process.exit(0);
    }
  }
}

/** One second of one instance's outcomes, folded into its summaries; returns them and the fold time. */
function instanceSummaries(
  instance: number,
  perInstance: number,
  atMs: number,
): { summaries: SummaryEvent[]; ms: number } {
  const rng = seededRandom(instance + 1);
  const outcomes: OutcomeEvent[] = [];
  for (let i = 0; i < perInstance; i++) {
    const arm = rng.next() < 0.1 ? 'candidate' : 'control';
    outcomes.push({
      type: 'outcome',
      id: `o${instance}-${i}`,
      workflow: 'bench',
      environment: 'production',
      release: 'bench-50',
      arm,
      bundleVersion: arm === 'candidate' ? '2' : '1',
      at: new Date(atMs + Math.floor((i * 1000) / perInstance)).toISOString(),
      requestId: `r${instance}-${i}`,
      key: `user-${i % 97}`,
      latencyMs: Math.round(80 + 400 * rng.next() ** 3),
      error: rng.next() < 0.01,
      schemaValid: rng.next() > 0.001,
      costUsd: Math.round(rng.next() * 80) / 10_000,
      taskSuccess: rng.next() < 0.95,
      safetyBlocked: rng.next() < 0.01,
      primaryMetric: Math.round(rng.next() * 100) / 100,
      converted: rng.next() < 0.3,
    });
  }
  const summaries: SummaryEvent[] = [];
  const summarizer = new Summarizer({
    intervalMs: 1000,
    maxValues: 5000,
    id: () => 'x',
    emit: (s) => summaries.push(s),
  });
  const t0 = performance.now();
  for (const e of outcomes) summarizer.add(e);
  summarizer.flush();
  return { summaries, ms: performance.now() - t0 };
}

async function drive(): Promise<void> {
  const numbers = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const arg = (i: number, fallback: number): number => Number(numbers[i] ?? fallback);
  const [seconds, instances, perInstance, senders] = [arg(0, 10), arg(1, 200), arg(2, 5000), arg(3, 8)] as const;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-summaries-bench-'));
  const profile = process.argv.includes('--cpu-prof')
    ? ['--cpu-prof', '--cpu-prof-dir', path.resolve('.bench-tmp')]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', self, '--server', dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const [, url, releaseId, gates] = (await next()).split(' ');
  const stats = async () => {
    const answer = next();
    child.stdin.write('stats\n');
    return JSON.parse((await answer).slice(6)) as { cpuMicros: number; applied: number; commits: { writes: number } };
  };
  const start = Math.floor(Date.now() / 1000) * 1000 - seconds * 1000;
  let foldMs = 0;
  const templates = Array.from({ length: instances }, (_, i) => {
    const r = instanceSummaries(i, perInstance, start);
    foldMs += r.ms;
    return r.summaries;
  });
  const bytes = templates.reduce((n, t) => n + JSON.stringify(t).length, 0);
  const before = await stats();
  const t0 = performance.now();
  let posted = 0;
  for (let s = 0; s < seconds; s++) {
    const at = new Date(start + s * 1000).toISOString();
    let next = 0;
    const post = async () => {
      for (let i = next++; i < instances; i = next++) {
        const body = templates[i]!.map((x, k) => ({ ...x, id: `s${s}-${i}-${k}`, at, firstAt: at, lastAt: at }));
        const res = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
            'idempotency-key': `k${s}-${i}`,
          },
          body: JSON.stringify(body),
        });
        if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
        await res.body?.cancel();
        posted++;
      }
    };
    await Promise.all(Array.from({ length: senders }, post));
  }
  const wallMs = performance.now() - t0;
  const after = await stats();
  child.stdin.write('stop\n');
  await new Promise((resolve) => child.on('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  const judged = seconds * instances * perInstance;
  const cpuS = (after.cpuMicros - before.cpuMicros) / 1e6;
  console.log(
    `release ${releaseId}: ${gates} gates; ${instances} SDK instances × ${perInstance} requests/s (10 % canary), ${seconds} s simulated`,
  );
  console.log(
    `  summaries per instance-second: ${templates[0]!.length}; JSON per instance-second: ${(bytes / instances / 1024).toFixed(1)} KiB`,
  );
  const writes = after.commits.writes - before.commits.writes;
  console.log(
    `  requests applied: ${after.applied - before.applied} of ${judged}; batches posted: ${posted} in ${writes} commits`,
  );
  console.log(
    `  server CPU: ${cpuS.toFixed(2)} s for ${seconds} s of traffic = ${((100 * cpuS) / seconds).toFixed(1)} % of one core`,
  );
  console.log(
    `  wall: ${(wallMs / 1000).toFixed(2)} s → ${Math.round(judged / (wallMs / 1000)).toLocaleString('en')} requests judged per second (keeps up: ${wallMs < seconds * 1000})`,
  );
  console.log(`  SDK summarizer: ${((foldMs * 1e6) / (instances * perInstance)).toFixed(0)} ns per outcome`);
  if (after.applied - before.applied !== judged) process.exit(1);
}

if (process.argv[2] === '--server') await serve(process.argv[3]!);
else await drive();
