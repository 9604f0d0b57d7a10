/**
 * `@ripcord/sdk` as a team installs it: `npm pack` (of a copy built as its prepack builds), the tarball's
 * contents and manifest, then a fresh application in a temp directory outside the repository
 * installs the tarball, type-checks a small app with strict TypeScript, and runs it with plain node
 * (no loader) against a real server — the client, the OpenFeature provider on the same client, and
 * every shared bucketing vector.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSdk } from '../../../scripts/build-sdk.js';
import { startRealServer, type RealServer } from '../../server/test/real-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const sdkDir = path.join(root, 'packages/sdk');
/** Packed tarball budget in bytes (BENCHMARKS.md § Size); raise it deliberately. */
const TARBALL_BUDGET = 78_000;

/** The environment for npm and node children: no npm_* variables from a surrounding `npm test`. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS'));
}

function versionOf(pkg: string): string {
  const file = path.join(root, 'node_modules', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

describe('the packed SDK', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-sdk-pack-'));
  let packed: PackResult;
  let server: RealServer;
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  beforeAll(async () => {
    // Packed from a copy: the repository's packages/sdk/dist is what bins run outside the checkout
    // load (and other tests spawn them meanwhile), so this test never rebuilds it in place. The copy
    // is built by the same function the package's prepack runs.
    const copy = path.join(work, 'sdk');
    fs.mkdirSync(copy);
    for (const f of ['package.json', 'README.md', 'LICENSE']) fs.copyFileSync(path.join(sdkDir, f), path.join(copy, f));
    buildSdk(path.join(copy, 'dist'));
    const npm = ['pack', '--json', '--ignore-scripts', '--pack-destination', work];
    const { stdout } = await run('npm', npm, { cwd: copy, env: cleanEnv() });
    packed = (JSON.parse(stdout.slice(stdout.indexOf('['))) as PackResult[])[0]!;
    server = await startRealServer();
  }, 180_000);

  it('ships compiled ESM with declarations, the protocol types, its license and nothing else', () => {
    const files = packed.files.map((f) => f.path).sort();
    console.log(
      `${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${files.length} files`,
    );
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/openfeature/index.js');
    expect(files).toContain('dist/openfeature/index.d.ts');
    expect(files).toContain('dist/protocol/index.d.ts');
    expect(files.filter((f) => !f.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(files.filter((f) => !/\.(js|d\.ts)$/.test(f) && f.startsWith('dist/'))).toEqual([]);
    // The one client module: both entries import it, neither bundles a copy.
    expect(files.filter((f) => f.endsWith('ripcord-client.js'))).toEqual(['dist/client/ripcord-client.js']);
    expect(packed.size).toBeLessThanOrEqual(TARBALL_BUDGET);
  });

  it('imports only node: built-ins, its own files and the OpenFeature peer', () => {
    const dist = path.join(work, 'sdk', 'dist');
    const specifiers = new Set<string>();
    for (const file of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue;
      const text = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)) specifiers.add(m[1]!);
    }
    const outside = [...specifiers].filter(
      (s) => !s.startsWith('./') && !s.startsWith('../') && !s.startsWith('node:'),
    );
    expect(outside).toEqual(['@openfeature/server-sdk']);
    expect(fs.readFileSync(path.join(dist, 'openfeature/ripcord-provider.js'), 'utf8')).toContain(
      "from '../client/ripcord-client.js'",
    );
  });

  it('has exports with types for both entries, engines and a license', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as Record<string, any>;
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports['./openfeature']).toEqual({
      types: './dist/openfeature/index.d.ts',
      default: './dist/openfeature/index.js',
    });
    expect(manifest.engines.node).toBe('>=20.19');
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.dependencies).toBeUndefined();
    // `npm pack` in packages/sdk builds with the same function this test packs from.
    expect(manifest.scripts.prepack).toBe('node --import tsx ../../scripts/build-sdk.ts');
  });

  it('installs into a fresh app outside the repository, type-checks strictly and runs against a real server', async () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    const manifest = { name: 'ripcord-sdk-consumer', private: true, type: 'module' };
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest));
    const deps = [
      path.join(work, packed.filename),
      `@openfeature/server-sdk@${versionOf('@openfeature/server-sdk')}`,
      `@types/node@${versionOf('@types/node')}`,
    ];
    const npmArgs = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...deps];
    await run('npm', npmArgs, { cwd: app, env: cleanEnv() });
    expect(fs.realpathSync(path.join(app, 'node_modules/@ripcord/sdk'))).toBe(
      path.join(app, 'node_modules/@ripcord/sdk'),
    );
    fs.copyFileSync(path.join(import.meta.dirname, 'fixtures/consumer-app.ts'), path.join(app, 'app.ts'));
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      // Our declarations are checked too; the third-party ones are theirs.
      skipLibCheck: false,
      types: ['node'],
      outDir: 'out',
    };
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, env: cleanEnv() }).catch((e: any) => {
      throw new Error(`tsc failed:\n${e.stdout}${e.stderr}`);
    });
    const token = await server.token();
    const vectors = path.join(root, 'packages/protocol/vectors/bucketing.json');
    const { stdout } = await run(process.execPath, ['out/app.js', server.url, token, vectors], {
      cwd: app,
      env: cleanEnv(),
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen).toMatchObject({
      arm: 'control',
      bundleVersion: '2026-04-10.1',
      tools: true,
      reason: 'STATIC',
      revision: 1,
      sharedClient: true,
    });
    expect(seen.report, JSON.stringify(seen)).toMatchObject({ sent: 1, rejected: 0, dropped: 0 });
    expect(seen.openFeature).toEqual({ value: seen.provider, reason: 'STATIC' });
    expect(seen.buckets.of).toBeGreaterThan(10);
    expect(seen.buckets.ok).toBe(seen.buckets.of);
  }, 180_000);
});
