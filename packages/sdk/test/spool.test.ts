/**
 * The on-disk spool with real process restarts (issue 17): events reported during an outage
 * survive a SIGKILL of the application and a clean close, and the next process delivers each of
 * them exactly once — the batch that was in flight again under its own Idempotency-Key.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeServer } from './helpers/fake-server.js';

const app = fileURLToPath(new URL('./fixtures/spool-app.ts', import.meta.url));

/** Runs the app; resolves with its first JSON line (and kills it, for `report`, once it printed). */
function run(args: string[], kill = false): Promise<Record<string, any>> {
  const child = spawn(process.execPath, ['--import', 'tsx', app, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n')[0];
      if (kill && out.includes('\n') && line !== undefined) {
        child.kill('SIGKILL');
        resolve(JSON.parse(line) as Record<string, any>);
      }
    });
    child.on('exit', (code) => {
      const line = out.split('\n')[0];
      if (!kill && code === 0 && line) resolve(JSON.parse(line) as Record<string, any>);
      else if (!kill) reject(new Error(`app exited ${code}: ${err}`));
    });
  });
}

describe('the report spool across process restarts', { timeout: 60_000 }, () => {
  let server: FakeServer;
  let dir: string;
  beforeEach(async () => {
    server = await FakeServer.start();
    dir = mkdtempSync(join(tmpdir(), 'ripcord-spool-'));
  });
  afterEach(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const down = () => server.ingestScript.push(...Array.from({ length: 10_000 }, () => ({ status: 503 })));

  it('keeps what a killed process had not delivered, and the next one sends each event once', async () => {
    down();
    const spool = join(dir, 'events.spool');
    const killed = await run(['report', server.url, spool, '750'], true);
    expect(killed).toEqual({ spooled: 750 });
    const keysBefore = new Set(server.batches.map((b) => b.idempotencyKey));
    expect(server.events).toEqual([]);
    expect(keysBefore.size).toBeGreaterThan(0);

    server.ingestScript.length = 0;
    const resumed = await run(['resume', server.url, spool]);
    expect(resumed.closed).toEqual({ undelivered: 0, spooled: 0 });
    expect(resumed.stats).toMatchObject({ sent: 750, failed: 0, dropped: 0 });
    const ids = server.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(750);
    expect(ids.length).toBe(750);
    // The batch in flight at the kill went again under the key the server had seen (so a server
    // that had taken it would answer from its idempotency record instead of counting it twice).
    const accepted = server.batches.filter((b) => b.events.length > 0);
    expect(keysBefore.has(accepted[0]?.idempotencyKey)).toBe(true);
  });

  it('spools at close during an outage instead of losing, and delivers after the restart', async () => {
    down();
    const spool = join(dir, 'events.spool');
    const closed = await run(['close', server.url, spool, '300']);
    expect(closed.closed).toEqual({ undelivered: 0, spooled: 300 });
    // Restarting while the outage lasts keeps them spooled.
    const still = await run(['resume', server.url, spool]);
    expect(still.closed).toEqual({ undelivered: 0, spooled: 300 });
    server.ingestScript.length = 0;
    const resumed = await run(['resume', server.url, spool]);
    expect(resumed.closed).toEqual({ undelivered: 0, spooled: 0 });
    expect(new Set(server.events.map((e) => e.id)).size).toBe(300);
    expect(server.events.length).toBe(300);
  });
});
