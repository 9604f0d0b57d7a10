/**
 * Propagation over replicas (issue 17): three server processes on one PostgreSQL database
 * (packages/server/test/fixtures/replica-server.ts, as the replica tests run them), streaming SDK
 * clients spread evenly over them (one bench/propagation-clients.ts process per replica), and a
 * flag change committed through the leader: time from the driver sending the `PUT` to each client
 * applying the revision. The start is taken before the request, so the numbers include the
 * request, the commit, the NOTIFY to every replica and its SSE fan-out.
 *
 * Run: RIPCORD_TEST_DATABASE_URL=postgres://… node --import tsx bench/propagation-replicas.bench.ts [clients=10000] [changes=20]
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { preciseNow } from '@ripcord/sdk/testing';
import {
  api,
  firstLeader,
  scratchDatabase,
  startReplica,
  type Replica,
} from '../packages/server/test/replica-support.js';
import type { ChildMessage, ParentMessage } from './propagation-clients.js';

const base = process.env.RIPCORD_TEST_DATABASE_URL;
const CLIENTS = Number(process.argv[2] ?? 10_000);
const CHANGES = Number(process.argv[3] ?? 20);
const BASE = '/v1/workflows/support-summary/environments/production';

setTimeout(() => {
  console.error('propagation-replicas benchmark: timed out after 10 minutes');
  process.exit(1);
}, 600_000).unref();

function next<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void =>
      reject(new Error(`client process exited (${code}) waiting for ${type}`));
    const onMessage = (m: ChildMessage): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<ChildMessage, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const max = (values: readonly number[]): number => values.reduce((m, v) => (v > m ? v : m), -Infinity);

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
};

async function setUp(leader: Replica): Promise<string> {
  const text = fs.readFileSync(new URL('../examples/support-summary.yaml', import.meta.url), 'utf8');
  const documents = parseAllDocuments(text)
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter((d) => d.kind !== 'Release');
  for (const [method, route, body] of [
    ['POST', '/v1/apply', { documents }],
    ['PUT', `${BASE}/labels/production`, { version: '2026-04-10.1', reason: 'bench' }],
  ] as const) {
    const r = await api(leader.url, method, route, body);
    if (r.status !== 200) throw new Error(`${route}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const token = await api(leader.url, 'POST', '/v1/tokens', {
    subject: 'bench-sdk',
    role: 'sdk',
    scope: { environment: 'production' },
  });
  return token.body.token as string;
}

async function main(): Promise<void> {
  if (base === undefined)
    throw new Error('set RIPCORD_TEST_DATABASE_URL (a PostgreSQL the bench may create a scratch database in)');
  const database = await scratchDatabase(base);
  const replicas: Replica[] = [await startReplica(database.url)];
  replicas.push(await startReplica(database.url), await startReplica(database.url));
  const children: ChildProcess[] = [];
  try {
    const leader = await firstLeader(replicas);
    const token = await setUp(leader);
    const script = fileURLToPath(new URL('./propagation-clients.ts', import.meta.url));
    const t0 = preciseNow();
    for (let i = 0; i < replicas.length; i++) {
      const count = Math.floor(CLIENTS / replicas.length) + (i < CLIENTS % replicas.length ? 1 : 0);
      children.push(
        fork(script, [replicas[i]!.url, token, String(count)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
      );
    }
    await Promise.all(children.map((c) => next(c, 'ready')));
    console.log(
      `${CLIENTS} clients over ${replicas.length} replicas connected in ${((preciseNow() - t0) / 1000).toFixed(1)} s`,
    );
    const perClient: number[] = [];
    const lastPerChange: number[] = [];
    let missed = 0;
    for (let k = 0; k < CHANGES + 2; k++) {
      const sent = preciseNow();
      const r = await api(leader.url, 'PUT', `${BASE}/flags/ai.action.mode`, {
        value: k % 2 === 0 ? 'draft-only' : 'automatic',
        reason: `bench ${k}`,
      });
      if (r.status !== 200) throw new Error(`PUT flag: ${r.status} ${JSON.stringify(r.body)}`);
      const revision = r.body.revision as number;
      const answers = await Promise.all(
        children.map((c) => {
          const answer = next(c, 'applied');
          c.send({ type: 'collect', revision } satisfies ParentMessage);
          return answer;
        }),
      );
      if (k < 2) continue; // warm-up
      const times = answers.flatMap((a) => a.times);
      missed += times.filter((t) => t === null).length;
      const lags = times.filter((t): t is number => t !== null).map((t) => t - sent);
      perClient.push(...lags);
      lastPerChange.push(max(lags));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`${CHANGES} changes through the leader; per client, ms from sending the PUT to applying the revision:`);
    console.log(
      `  p50 ${percentile(perClient, 0.5).toFixed(0)}  p99 ${percentile(perClient, 0.99).toFixed(0)}  max ${max(perClient).toFixed(0)}` +
        `  (last client per change: median ${percentile(lastPerChange, 0.5).toFixed(0)}, worst ${max(lastPerChange).toFixed(0)}); missed ${missed}`,
    );
  } finally {
    for (const c of children) c.send({ type: 'close' } satisfies ParentMessage);
    await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
    for (const r of replicas) r.child.kill('SIGKILL');
    await Promise.all(
      replicas.map(
        (r) => new Promise((resolve) => (r.child.exitCode !== null ? resolve(0) : r.child.once('exit', resolve))),
      ),
    );
    await database.drop();
  }
}

await main();
