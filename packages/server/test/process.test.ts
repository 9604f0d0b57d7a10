import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { DataDirLockedError } from '../src/db/lockfile.js';
import { startServer } from '../src/server.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function startWriter(dataDir: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/writer.ts'), dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const committed: string[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  const waitFor = (predicate: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          lines.off('line', onLine);
          resolve();
        }
      };
      const onLine = (line: string) => {
        if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
        check();
      };
      lines.on('line', onLine);
      child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      check();
    });
  return { child, committed, waitFor, ready: () => waitFor(() => committed.length > 0) };
}

describe('embedded store across processes', () => {
  it('refuses a second server on the same data directory, survives kill -9 during writes, and loses nothing committed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-crash-'));
    const writer = startWriter(dataDir);
    await writer.ready();

    // A second server on the same directory must refuse with a clear message while the first runs.
    const second = startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: 'crash-test-admin-token' },
      { announce: () => undefined },
    );
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    // A start that cannot happen is a configuration error: `ripcord serve` exits 2 for it.
    await expect(second).rejects.toBeInstanceOf(ConfigError);
    await expect(second).rejects.toThrow(/in use by another ripcord server \(pid \d+\)/);

    await writer.waitFor(() => writer.committed.length >= 40);
    writer.child.kill('SIGKILL');
    await new Promise((resolve) => writer.child.once('exit', resolve));
    const committed = [...writer.committed];

    // The lock is stale now: a new server takes it over and finds every committed write.
    const server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: 'crash-test-admin-token' },
      { announce: () => undefined },
    );
    try {
      const stored = new Set((await server.services.registry.listBundles('crash')).map((b) => b.version));
      const lost = committed.filter((v) => !stored.has(v));
      expect(lost).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(committed.length);
      expect((await server.services.audit.verify()).ok).toBe(true);
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'ripcord.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
