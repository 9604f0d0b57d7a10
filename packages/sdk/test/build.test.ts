/**
 * The built SDK (`npm run build:sdk`) runs on plain Node.js 20, with no TypeScript loader: a child
 * `node` process imports the bundle and checks every shared bucketing vector with it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSdk } from '../../../scripts/build-sdk.js';

const run = promisify(execFile);
const vectors = path.resolve(import.meta.dirname, '../../protocol/vectors');

describe('the built SDK', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-sdk-build-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('loads in plain node (no tsx) and computes what the source does', async () => {
    const files = await buildSdk(outdir);
    expect(files.map((f) => path.basename(f))).toEqual(['index.js', 'openfeature.js']);
    const index = fs.readFileSync(files[0]!, 'utf8');
    // Zero runtime dependencies: only node: built-ins are imported.
    const imports = [...index.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !i.startsWith('node:'))).toEqual([]);
    const script = `
      import { readFileSync } from 'node:fs';
      const sdk = await import(${JSON.stringify(files[0])});
      const v = JSON.parse(readFileSync(${JSON.stringify(path.join(vectors, 'bucketing.json'))}, 'utf8'));
      let ok = 0;
      for (const c of v.cases) if (sdk.bucket(c.workflow, c.release, c.key) === c.bucket) ok++;
      console.log(JSON.stringify({ ok, of: v.cases.length, createClient: typeof sdk.createClient }));
    `;
    // A clean environment: no NODE_OPTIONS (so no loader), only what node needs.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const result = JSON.parse(stdout) as { ok: number; of: number; createClient: string };
    expect(result.of).toBeGreaterThan(10);
    expect(result).toEqual({ ok: result.of, of: result.of, createClient: 'function' });
  });
});
