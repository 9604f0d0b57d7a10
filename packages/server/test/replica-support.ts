/**
 * Test support for the replica tests (ADR 0014): a scratch PostgreSQL database, replicas of the
 * server as real processes on it (fixtures/replica-server.ts, port 0), and which of them leads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';

export const replicaAdmin = 'replica-test-admin-token';

/** One replica process. */
export interface Replica {
  child: ChildProcess;
  url: string;
  /** Resolves once this replica has taken over as leader (never, for a follower that stays one). */
  leading: Promise<void>;
  /** When it printed `leader` (performance.now() of this process). */
  ledAt?: number;
}

/** A scratch database beside RIPCORD_TEST_DATABASE_URL; `drop` removes it. */
export async function scratchDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ripcord_r_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Starts a replica on `databaseUrl`; resolves once it listens. */
export function startReplica(databaseUrl: string, env: Record<string, string | undefined> = {}): Promise<Replica> {
  const fixture = path.join(import.meta.dirname, 'fixtures/replica-server.ts');
  const given = Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined);
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, databaseUrl], {
    env: { ...process.env, ...Object.fromEntries(given) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  let led: () => void = () => undefined;
  const leading = new Promise<void>((resolve) => (led = resolve));
  return new Promise((resolve, reject) => {
    const replica: Replica = { child, url: '', leading };
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) {
        replica.url = line.slice('ready '.length);
        resolve(replica);
      } else if (line === 'leader') {
        replica.ledAt = performance.now();
        led();
      }
    });
    child.once('exit', (code) => reject(new Error(`the replica exited with ${code} before listening`)));
  });
}

/** Resolves with the first of `replicas` to lead. */
export function firstLeader(replicas: readonly Replica[]): Promise<Replica> {
  return Promise.race(replicas.map((r) => r.leading.then(() => r)));
}

/** Calls a replica's JSON API; status and parsed body. */
export async function api(
  url: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { authorization: `Bearer ${replicaAdmin}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
