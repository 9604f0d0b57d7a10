import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ReleaseFactsReader } from '../src/features/ingest/release-facts-port.js';
import { startServer } from '../src/server.js';
import { outcome } from './ingest-support.js';

const token = 'ingest-crash-admin-token';
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts the fixture server in its own process; resolves with its URL and release id. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string; releaseId: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/ingest-server.ts'), dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const lines = readline.createInterface({ input: child.stdout });
  const line = await new Promise<string>((resolve, reject) => {
    lines.on('line', (l) => l.startsWith('ready ') && resolve(l));
    child.once('exit', (code) => reject(new Error(`the server exited early with ${code}`)));
  });
  const [, url, releaseId] = line.split(' ');
  return { child, url: url!, releaseId: releaseId! };
}

interface Batch {
  key: string;
  body: string;
}

/** POSTs a batch; the 202 body, or undefined when the server did not acknowledge it. */
async function send(url: string, batch: Batch): Promise<{ body: unknown; replayed: boolean } | undefined> {
  try {
    const res = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': batch.key },
      body: batch.body,
    });
    const body: unknown = await res.json();
    return res.status === 202 ? { body, replayed: res.headers.get('idempotent-replayed') === 'true' } : undefined;
  } catch {
    return undefined; // connection refused or reset: the server is gone
  }
}

describe('ingest across kill -9', () => {
  it('loses no acknowledged batch and counts no retried one twice', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-ingest-crash-'));
    const { child, url, releaseId } = await startChild(dataDir);
    const perBatch = 100;
    const batches: Batch[] = Array.from({ length: 80 }, (_, b) => ({
      key: `crash-batch-${b}`,
      body: JSON.stringify(
        Array.from({ length: perBatch }, (_, i) =>
          outcome({
            id: `b${b}-e${i}`,
            arm: i % 4 === 0 ? 'candidate' : 'control',
            at: new Date().toISOString(),
            key: `user-${(b * perBatch + i) % 300}`,
            ...(i % 8 === 0 ? { toolCalls: [{ name: 'issue_refund' }] } : {}),
          }),
        ),
      ),
    }));

    // Four senders stream the batches; after 25 acknowledgements the server is killed mid-stream.
    const acked = new Map<number, unknown>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < batches.length) {
        const b = next++;
        const result = await send(url, batches[b]!);
        if (result !== undefined) acked.set(b, result.body);
        if (!killed && acked.size >= 25) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
    );
    expect(child.signalCode).toBe('SIGKILL');
    const unacked = batches.map((_, b) => b).filter((b) => !acked.has(b));
    expect(acked.size).toBeGreaterThanOrEqual(25);
    expect(unacked.length).toBeGreaterThan(0);

    // A new server on the same directory resumes from the last commit. The client re-sends every
    // batch it has no acknowledgement for, and — as a client that lost responses would — some it has.
    const server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: token },
      { announce: () => undefined },
    );
    try {
      const resentAcked = [...acked.keys()].filter((b) => b % 3 === 0);
      for (const b of [...unacked, ...resentAcked]) {
        const result = await send(server.url, batches[b]!);
        expect(result, `batch ${b}`).toBeDefined();
        if (acked.has(b)) {
          expect(result!.replayed).toBe(true);
          expect(result!.body).toEqual(acked.get(b));
        }
      }
      const expected = batches.length * perBatch;
      const row = await server.services.stores.gateStates.get(releaseId);
      expect(row?.applied).toBe(expected);
      const view = await server.services.gateSessions.view(releaseId, new Date());
      expect(view?.applied).toEqual({ events: expected, ignored: 0 });
      // The aggregate itself, not only the counter: each candidate latency is in the sketch once.
      const latency = view?.evaluation.gates.find((g) => g.gate === 'latency-regression');
      expect(latency?.samples.candidate).toBe(expected / 4);
      // The facts for the rollback record, likewise: each candidate request and refund counted once.
      const facts = new ReleaseFactsReader(server.services.gateSessions);
      expect(await facts.exposure(releaseId)).toMatchObject({ requests: expected / 4, distinctKeys: 75 });
      const writes = await facts.sideEffectFacts(releaseId);
      expect(writes.writeToolCalls?.map((w) => [w.tool, w.count])).toEqual([
        ['issue_refund', batches.length * Math.ceil(perBatch / 8)],
      ]);
    } finally {
      await server.stop();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
