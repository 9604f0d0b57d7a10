/**
 * The demo's control plane: a real ripcord server in this process, on an embedded store in a
 * temporary directory, listening on 127.0.0.1 (port 0), whose clock is a {@link ManualClock} the
 * demo advances. The server's own evaluation timer is pushed out of the way (one day): the demo
 * calls `services.machine.tick()` itself after each simulated step, so time only moves when told.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ManualClock, startServer, type RunningServer } from '@ripcord/server';
import type { ApiResult } from '@ripcord/protocol/api';
import { ApiClient } from '../client.js';
import { readDocuments } from '../read-documents.js';

/** The repository's examples directory (the demo applies the shipped examples unchanged). */
export const examplesDir = path.resolve(import.meta.dirname, '../../../../examples/');

/** A running demo control plane. */
export interface ControlPlane {
  url: string;
  clock: ManualClock;
  server: RunningServer;
  /** The admin token the demo seeded (random, never printed). */
  adminToken: string;
  /** An API client with the admin token. */
  admin: ApiClient;
  /** The temporary data directory (removed by `stop` unless kept). */
  dataDir: string;
  /** Error and warning log lines the server wrote (the demo shows them if something fails). */
  logs(): string[];
  /** An API client for another token. */
  as(token: string): ApiClient;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** One day: the server's own tick timer never fires during a demo. */
const IDLE_TICK_MS = 24 * 3600 * 1000;

/**
 * Where the throw-away store goes: `/dev/shm` (memory-backed) where it exists and is writable,
 * because the embedded store syncs every commit to disk and the demo commits several times per
 * simulated tick; the system's temporary directory otherwise.
 */
export function scratchDir(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** Starts the control plane with its clock at `start`. */
export async function startControlPlane(start: string): Promise<ControlPlane> {
  const dataDir = fs.mkdtempSync(path.join(scratchDir(), 'ripcord-demo-'));
  const clock = new ManualClock(start);
  const adminToken = `demo-${randomBytes(18).toString('hex')}`;
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim() !== '' && lines.length < 200) lines.push(line);
      done();
    },
  });
  let server: RunningServer;
  try {
    server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, adminToken, logLevel: 'warn', tickMs: IDLE_TICK_MS },
      {},
      { clock, logDestination, announce: () => undefined },
    );
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const as = (token: string) => new ApiClient({ server: server.url, token });
  return {
    url: server.url,
    clock,
    server,
    adminToken,
    admin: as(adminToken),
    dataDir,
    logs: () => [...lines],
    as,
    stop: async (options = {}) => {
      await server.stop(2000);
      if (options.keepData !== true) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Applies YAML files (paths relative to the examples directory) in one `POST /v1/apply`. */
export async function applyExamples(
  admin: ApiClient,
  files: readonly string[],
): Promise<{ kind: string; name: string; outcome: string }[]> {
  const documents = files.flatMap((f) => readDocuments(path.join(examplesDir, f)));
  const answer = await admin.post<ApiResult<'applyDocuments'>>('/v1/apply', {
    documents,
  });
  return answer.results;
}

/** Creates a token and returns its secret. */
export async function createToken(
  admin: ApiClient,
  subject: string,
  role: 'operator' | 'viewer' | 'sdk',
  scope: { workflows?: string[]; environment?: string },
): Promise<string> {
  const answer = await admin.post<ApiResult<'createToken'>>('/v1/tokens', { subject, role, scope });
  return answer.token;
}

/** Whether outcome ingest is live: `POST /v1/events` with an empty batch answers 202. */
export async function ingestAvailable(url: string, token: string): Promise<boolean> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '[]',
  });
  await res.body?.cancel();
  return res.status === 202;
}
