/**
 * The real control plane on a loopback socket (a fresh store from the tests' PGlite snapshot), for
 * the tests that need the server itself over HTTP: the packed SDK, the OpenFeature suites, OFREP.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { adminToken, createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/** A running server: the test app plus its URL. */
export interface RealServer extends TestApp {
  url: string;
  /** Creates a token of `role` (default an SDK token scoped to production and support-summary). */
  token(role?: 'sdk' | 'operator', scope?: { environment?: string; workflows?: string[] }): Promise<string>;
  /** Stops listening (dropping open streams) and closes the store. */
  stop(): Promise<void>;
}

/** The workflow every test server starts with: support-summary, production serving 2026-04-10.1. */
export const workflowPath = '/v1/workflows/support-summary/environments/production';

/** Starts a server with support-summary applied and its production label set. */
export async function startRealServer(): Promise<RealServer> {
  const t = await createTestApp();
  // A real server runs on real time: SDK events are stamped with it (a manual clock would be behind).
  t.clock.now = () => new Date();
  const applied = await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary') });
  if (applied.status !== 200) throw new Error(`apply failed: ${JSON.stringify(applied.body)}`);
  const label = await t.call('PUT', `${workflowPath}/labels/production`, { version: '2026-04-10.1', reason: 'test' });
  if (label.status !== 200) throw new Error(`label failed: ${JSON.stringify(label.body)}`);
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let tokens = 0;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
    async token(role = 'sdk', scope = { environment: 'production', workflows: ['support-summary'] }) {
      const r = await t.call('POST', '/v1/tokens', { subject: `test-${role}-${++tokens}`, role, scope });
      if (r.status !== 201 && r.status !== 200) throw new Error(`token failed: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async stop() {
      t.services.hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

export { adminToken };
