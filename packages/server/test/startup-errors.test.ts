import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, startServer } from '../src/index.js';

describe('a start that cannot listen or reach its store', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-startup-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a busy port in one line, releases the lock and closes the store, so the next start works', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const announced: string[] = [];
      const fresh = path.join(dataDir, 'fresh');
      const failed = await startServer(
        { port, dataDir: fresh, logLevel: 'silent' },
        {},
        { announce: (line) => announced.push(line) },
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(ConfigError);
      // Found before the store opens: no first-start token was created or shown, nothing was written.
      expect(announced).toEqual([]);
      expect(fs.existsSync(fresh)).toBe(false);
      expect((failed as Error).message).toBe(
        `port ${port} is in use: stop the other process or start with --port N / RIPCORD_PORT`,
      );
      expect(fs.existsSync(path.join(fresh, 'ripcord.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
    const server = await startServer({ port: 0, dataDir, logLevel: 'silent' }, {}, { announce: () => undefined });
    expect(fs.existsSync(path.join(dataDir, 'ripcord.lock'))).toBe(true);
    await server.stop();
  }, 60_000);

  it('refuses an unreachable PostgreSQL with the reason and without the password', async () => {
    const failed = await startServer(
      { port: 0, databaseUrl: 'postgres://nobody:hunter2@127.0.0.1:1/db', logLevel: 'silent' },
      {},
      { announce: () => undefined },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as Error).message).toMatch(
      /^cannot reach PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/db: connect ECONNREFUSED 127\.0\.0\.1:1$/,
    );
  });
});
