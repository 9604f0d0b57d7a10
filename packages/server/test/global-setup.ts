import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../src/db/database.js';

/**
 * Runs once per test run: creates and migrates one PGlite database and saves it as a tarball, so
 * each test opens a fresh store from it in ~0.5 s instead of paying for initdb (3–5 s).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-test-'));
  const file = path.join(dir, 'pglite-migrated.tar');
  const database = await openPglite();
  const blob = await database.dump!();
  fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  await database.close();
  project.provide('pgliteSnapshot', file);
  const postgresUrl = process.env.RIPCORD_TEST_DATABASE_URL ?? '';
  project.provide('postgresUrl', postgresUrl);
  if (!postgresUrl && process.env.RIPCORD_REQUIRE_POSTGRES) {
    throw new Error(
      'RIPCORD_REQUIRE_POSTGRES is set but RIPCORD_TEST_DATABASE_URL is not: the PostgreSQL contract suite must run',
    );
  }
  if (!postgresUrl) {
    console.log('\n[ripcord] PostgreSQL contract suite SKIPPED: set RIPCORD_TEST_DATABASE_URL to run it (CI does).\n');
  }
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresUrl: string;
  }
}
