/**
 * Test support for the kill tests: a real server process (a fixture under test/fixtures) on a free
 * loopback port, JSON calls to it, and waiting for a killed child to be gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

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
