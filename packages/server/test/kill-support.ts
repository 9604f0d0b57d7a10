/**
 * Test support for the kill tests: a real server process (a fixture under test/fixtures) on a free
 * loopback port, JSON calls to it, and waiting for a killed child to be gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'vitest';
import { actuatorComponents } from '../src/features/rollbacks/actuator-schema.js';
import { exampleDocuments } from './helpers.js';

/** A free loopback port (never a fixed one: users run the tests beside `npm start`). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `fixtures/<name>.ts` on `dataDir` and `port`; resolves with its URL once it listens. */
export function startFixture(
  name: string,
  dataDir: string,
  port: number,
  env: Record<string, string | undefined> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const fixture = path.join(import.meta.dirname, `fixtures/${name}.ts`);
  const given = Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined);
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, String(port)], {
    env: { ...process.env, ...Object.fromEntries(given) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    readline
      .createInterface({ input: child.stdout })
      .once('line', (line) => resolve({ child, url: line.replace(/^ready /, '') }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
}

/** Calls a server's JSON API with a bearer token; the parsed body (undefined when empty). */
export async function callJson(url: string, method: string, p: string, token: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Resolves once the child has exited (a child killed by a signal has a `signalCode` and no `exitCode`). */
export const exited = (child: ChildProcess) =>
  new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));

/** A level-2 rollback's starting point, stopped: copy `template` per kill so each run starts the same. */
export interface Level2Template {
  template: string;
  releaseId: string;
  /** An operator token of the workflow's on-call (team-pricing). */
  oncallToken: string;
  /** The level-2 plan the release would run now. */
  plan: any;
}

/**
 * Prepares, on a fixture server that is then stopped, a data directory holding ride-pricing with a
 * signed-webhook actuator at `receiverUrl` for every component, production on bundle 41 and the
 * example release started (the start of every rollback kill test).
 */
export async function prepareLevel2Template(opts: {
  prefix: string;
  admin: string;
  secret: string;
  receiverUrl: string;
}): Promise<Level2Template> {
  const template = fs.mkdtempSync(path.join(os.tmpdir(), `ripcord-${opts.prefix}-template-`));
  const { child, url } = await startFixture('rollback-server', template, await freePort(), {
    RIPCORD_ACTUATOR_SECRET: opts.secret,
  });
  const call = (method: string, p: string, body?: unknown) => callJson(url, method, p, opts.admin, body);
  const actuators = Object.fromEntries(actuatorComponents.map((c) => [c, { url: opts.receiverUrl }]));
  const documents = exampleDocuments('ride-pricing', { includeReleases: true }).map((d) =>
    d.kind === 'Workflow' ? { ...d, actuators } : d,
  );
  expect((await call('POST', '/v1/apply', { documents })).results).toHaveLength(documents.length);
  await call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
    version: '41',
    reason: 'baseline',
  });
  const releaseId: string = (await call('GET', '/v1/releases')).releases[0].id;
  const oncallToken: string = (await call('POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).token;
  expect((await call('POST', `/v1/releases/${releaseId}/start`)).started).toBe(true);
  const plan = await call('GET', `/v1/releases/${releaseId}/rollback-plan?level=2`);
  expect(plan.level).toBe('level2');
  child.kill('SIGTERM');
  await exited(child);
  return { template, releaseId, oncallToken, plan };
}
