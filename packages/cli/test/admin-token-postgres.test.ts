// With PostgreSQL (`serve --database-url`) the generated admin token is saved where the CLI finds it
// (issue 14): before, it was not saved at all, and the CLI silently sent whatever an earlier embedded
// store had left in ./.ripcord/admin-token. Needs RIPCORD_TEST_DATABASE_URL (a scratch database is
// created and dropped).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startServer } from '@ripcord/server';
import { main } from '../src/main.js';

const base = process.env.RIPCORD_TEST_DATABASE_URL;

describe.skipIf(!base)('the admin token with PostgreSQL', () => {
  it('is saved in DATA/admin-token, replacing a stale one, and the CLI uses it', async () => {
    const name = `ripcord_cli_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(base!);
    url.pathname = `/${name}`;
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-pg-token-')), 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'admin-token'), 'rc_left-by-an-earlier-embedded-store\n');
    const announced: string[] = [];
    const server = await startServer(
      { port: 0, dataDir, databaseUrl: url.toString(), logLevel: 'silent' },
      {},
      { announce: (line) => announced.push(line) },
    );
    try {
      const saved = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
      expect(announced.join('\n')).toContain(`  ${saved}\n`);
      expect(announced.join('\n')).toContain(`It is also saved in ${path.join(dataDir, 'admin-token')} (mode 0600)`);
      expect(fs.statSync(path.join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
      const out: string[] = [];
      const code = await main(
        ['whoami'],
        { out: (s) => out.push(s), err: (s) => out.push(s) },
        { RIPCORD_SERVER: server.url, RIPCORD_DATA_DIR: dataDir },
      );
      expect({ code, out }).toEqual({ code: 0, out: ['admin (first start) (admin)'] });
    } finally {
      await server.stop();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
