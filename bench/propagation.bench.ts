/**
 * Propagation benchmark (issue 3): one real server (this process, embedded store), N streaming
 * SDK clients in a second process (bench/propagation-clients.ts), for N = 1,000 and 5,000.
 *
 *   node --import tsx bench/propagation.bench.ts [changes=100] [counts=1000,5000]
 *
 * Each change flips `ai.action.mode` with `PUT .../flags/ai.action.mode` (what a rollback does).
 * Commit time is taken in process from the config service's `subscribe` (called right after the
 * transaction commits, next to the SSE hub's own listener); apply time is taken by each client
 * when its `change` event fires. Both are `performance.timeOrigin + performance.now()`, comparable
 * across processes on one host. To split server from client cost, the time of the server's last
 * `event: revision` write is also taken (a wrapper on `ServerResponse.prototype.write`, this
 * process only). Changes run one at a time (the next starts after every client applied the
 * previous one and a short pause). Everything is on 127.0.0.1 and bounded in count and time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { preciseNow } from '@ripcord/sdk/testing';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import type { ChildMessage, ParentMessage } from './propagation-clients.js';

const CHANGES = Number(process.argv[2] ?? 100);
const COUNTS = (process.argv[3] ?? '1000,5000').split(',').map(Number);
const WARMUP = 3;
const PAUSE_MS = 100;
const ADMIN = 'bench-admin-token-0123456789';
const WORKFLOW = 'support-summary';
const BASE = `/v1/workflows/${WORKFLOW}/environments/production`;

// Bounded: whatever happens, the benchmark stops by itself.
setTimeout(() => {
  console.error('propagation benchmark: timed out after 10 minutes');
  process.exit(1);
}, 600_000).unref();

/** When the server last wrote an `event: revision` message (epoch ms); reset before each change. */
let lastRevisionWrite = Number.NaN;
const write = ServerResponse.prototype.write;
ServerResponse.prototype.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
  // "event: revision": 'e' at 0, 'r' at 7 (snapshots, pings and retry lines differ there).
  if (chunk instanceof Uint8Array && chunk[0] === 0x65 && chunk[7] === 0x72) lastRevisionWrite = preciseNow();
  return Reflect.apply(write, this, [chunk, ...rest]) as boolean;
} as typeof write;

interface Row {
  count: number;
  openMs: number;
  /** Per change, ms after commit: the server's last write, the first and the last client's apply. */
  written: number[];
  first: number[];
  last: number[];
  /** Every client of every change: applied − commit (ms). */
  perClient: number[];
  /** Per change: CPU time the client process spent (ms), and the kernel's part of it. */
  clientCpu: number[];
  clientSystem: number[];
  missed: number;
}

function max(values: readonly number[]): number {
  return values.reduce((m, v) => (v > m ? v : m), -Infinity);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

async function api(url: string, method: string, route: string, body: unknown): Promise<any> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function setUp(server: RunningServer): Promise<string> {
  const yamlText = fs.readFileSync(new URL('../examples/support-summary.yaml', import.meta.url), 'utf8');
  const documents = parseAllDocuments(yamlText)
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter((d) => d.kind !== 'Release');
  await api(server.url, 'POST', '/v1/apply', { documents });
  await api(server.url, 'PUT', `${BASE}/labels/production`, { version: '2026-04-10.1', reason: 'bench' });
  const token = await api(server.url, 'POST', '/v1/tokens', {
    subject: 'bench-sdk',
    role: 'sdk',
    scope: { environment: 'production' },
  });
  return token.token as string;
}

/** The next message of a given type from the child, or a rejection after `timeoutMs`. */
function next<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage): void => {
      if (m.type !== type) return;
      cleanup();
      resolve(m as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`client process exited (${code}) while waiting for ${type}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${type} from the client process within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function measure(
  server: RunningServer,
  token: string,
  count: number,
  commitAt: Map<number, number>,
): Promise<Row> {
  const script = fileURLToPath(new URL('./propagation-clients.ts', import.meta.url));
  // PROPAGATION_CLIENT_NODE_ARGS adds node flags to the client process, e.g. '--cpu-prof --cpu-prof-dir=/tmp/p'.
  const extra = (process.env.PROPAGATION_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const execArgv = ['--import', 'tsx', ...extra];
  const child = fork(script, [server.url, token, String(count)], { execArgv, stdio: 'inherit' });
  try {
    const ready = await next(child, 'ready', 180_000);
    const row: Row = {
      count,
      openMs: ready.openMs,
      written: [],
      first: [],
      last: [],
      perClient: [],
      clientCpu: [],
      clientSystem: [],
      missed: 0,
    };
    for (let i = 0; i < WARMUP + CHANGES; i++) {
      const value = i % 2 === 0 ? 'draft-only' : 'automatic';
      const reason = `propagation bench ${count} #${i}`;
      lastRevisionWrite = Number.NaN;
      const { revision } = await api(server.url, 'PUT', `${BASE}/flags/ai.action.mode`, { value, reason });
      const committed = commitAt.get(revision as number)!;
      const applied = next(child, 'applied', 60_000);
      child.send({ type: 'collect', revision } satisfies ParentMessage);
      const { times, cpuMs, systemMs } = await applied;
      if (i >= WARMUP) {
        const latencies = times.filter((t): t is number => t !== null).map((t) => t - committed);
        row.missed += times.length - latencies.length;
        row.written.push(lastRevisionWrite - committed);
        row.clientCpu.push(cpuMs);
        row.clientSystem.push(systemMs);
        row.perClient.push(...latencies);
        row.last.push(max(latencies));
        row.first.push(-max(latencies.map((v) => -v)));
      }
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    return row;
  } finally {
    if (child.connected) child.send({ type: 'close' } satisfies ParentMessage);
    if (child.exitCode === null && child.signalCode === null)
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
      });
  }
}

const ms = (v: number): string => v.toFixed(1);

function table(rows: Row[]): string {
  const lines = [
    '| clients | changes | server wrote all p50 | p99 | last client applied p50 | p99 | max | per client p50 | p99 | max | first client p50 | client CPU p50 | of which kernel | missed |',
    '| ------: | ------: | -------------------: | --: | ----------------------: | --: | --: | -------------: | --: | --: | ---------------: | -------------: | --------------: | -----: |',
  ];
  for (const r of rows) {
    const stats = (v: number[]): number[] => [percentile(v, 0.5), percentile(v, 0.99), max(v)];
    const cells = [
      r.count.toLocaleString('en-US'),
      String(r.last.length),
      ...stats(r.written).slice(0, 2).map(ms),
      ...stats(r.last).map(ms),
      ...stats(r.perClient).map(ms),
      ms(percentile(r.first, 0.5)),
      ms(percentile(r.clientCpu, 0.5)),
      ms(percentile(r.clientSystem, 0.5)),
      String(r.missed),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-propagation-'));
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' },
    { RIPCORD_ADMIN_TOKEN: ADMIN },
    { announce: () => undefined },
  );
  const commitAt = new Map<number, number>();
  server.services.config.subscribe((_environment, revision) => commitAt.set(revision, preciseNow()));
  try {
    const token = await setUp(server);
    const rows: Row[] = [];
    for (const count of COUNTS) {
      const row = await measure(server, token, count, commitAt);
      rows.push(row);
      console.log(
        `${count} clients (all connected in ${(row.openMs / 1000).toFixed(1)} s, load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}): ` +
          `last client p99 ${ms(percentile(row.last, 0.99))} ms, per client p99 ${ms(percentile(row.perClient, 0.99))} ms`,
      );
    }
    console.log(`\nms from commit to apply, ${CHANGES} changes per row (after ${WARMUP} warm-up changes)\n`);
    console.log(table(rows));
  } finally {
    await server.stop(1000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
