/**
 * Issue 13 part 4 end to end (ADR 0012): SDK → ingest → gate. Complaints about candidate requests
 * arrive after 100,000 later requests have pushed those requests out of the server's request index.
 * Reported with the request's handle (`labelRef` → `labelEvent`) they still match their requests
 * and breach the `matchingSamples` complaint gate; reported by request id alone they cannot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { createClient, decisionFields, labelEvent, labelRef, type RipcordClient } from '@ripcord/sdk';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const admin = 'late-labels-test-admin-token';
const workflow = 'support-summary';

describe('late labels at volume, through the real server', () => {
  let server: RunningServer;
  let dataDir: string;
  let client: RipcordClient;
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      args,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      { RIPCORD_SERVER: server.url, RIPCORD_TOKEN: admin },
    );
    if (code !== 0) throw new Error(`ripcord ${args.join(' ')}: ${err.join('\n')}`);
    return out.join('\n');
  };
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-late-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: admin },
      { announce: () => undefined },
    );
    await run(['apply', '-f', path.join(root, 'examples/support-summary.yaml')]);
    await run(['labels', 'set', workflow, 'production', '2026-04-10.1', '-e', 'production', '-r', 'baseline']);
    await run(['releases', 'start', 'sonnet-5-tier']);
    await run(['releases', 'evidence', 'sonnet-5-tier', '--tasks', '1000', '--passed', '997']);
    const sdk = JSON.parse(await run(['tokens', 'create', '-s', 'app', '-r', 'sdk', '-e', 'production', '--json']))
      .token as string;
    client = createClient({ server: server.url, token: sdk, environment: 'production', workflows: [workflow] });
    await client.ready();
    // The 5 % split reaches the client through its stream.
    for (let i = 0; i < 400 && client.route(workflow, { key: 'probe' }).release === undefined; i++)
      await new Promise((r) => setTimeout(r, 25));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stamped complaints match requests the index evicted; unstamped ones do not', async () => {
    // Serve until four requests went to the 5 % canary; keep each one's handle with its output.
    const handles: string[] = [];
    for (let i = 0; handles.length < 4; i++) {
      expect(i).toBeLessThan(2000);
      const d = client.route(workflow, { key: `user-${i}` });
      const requestId = `req-${i}`;
      client.report({ type: 'outcome', workflow, requestId, ...decisionFields(d), latencyMs: 700 });
      if (d.arm === 'candidate') handles.push(labelRef(d, requestId));
    }
    await client.flush();
    // 100,000 later requests of control: the index (100,000 requests per release) forgets the four.
    const at = new Date().toISOString();
    for (let b = 0; b < 101; b++) {
      const batch = Array.from({ length: 1000 }, (_, j) => ({
        type: 'outcome',
        id: randomUUID(),
        workflow,
        environment: 'production',
        release: 'sonnet-5-tier',
        arm: 'control',
        at,
        requestId: `later-${b}-${j}`,
        latencyMs: 700,
      }));
      expect((await api('POST', '/v1/events', batch)).status).toBe(202);
    }
    const [first, second, third, fourth] = handles as [string, string, string, string];
    // One complaint by request id alone (as before ADR 0012): nothing tells which arm served it.
    const bare = labelEvent(fourth, { type: 'complaint', confirmed: true })!;
    const { arm: _arm, bundleVersion: _bundle, ...unstamped } = bare as Record<string, unknown>;
    client.report(unstamped as never);
    await client.flush();
    const releaseId = ((await api('GET', `/v1/releases?workflow=${workflow}`)).body.releases as any[]).find(
      (r) => r.name === 'sonnet-5-tier',
    ).id as string;
    const gate = async () =>
      ((await api('GET', `/v1/releases/${releaseId}/gates`)).body.gates as any[]).find(
        (g) => g.gate === 'customer-complaints',
      );
    expect((await gate()).state).not.toBe('breached');
    // Three complaints reported with their handles: stamped with arm and bundle, they match.
    for (const ref of [first, second, third]) client.report(labelEvent(ref, { type: 'complaint', confirmed: true })!);
    await client.flush();
    const g = await gate();
    expect(g.state).toBe('breached');
    const ids = [first, second, third].map((r) => JSON.parse(Buffer.from(r.slice(4), 'base64url').toString())[1]);
    expect(g.evidence.samples).toEqual(expect.arrayContaining(ids));
    expect(g.evidence.unmatched).toBe(0);
  }, 180_000);
});
