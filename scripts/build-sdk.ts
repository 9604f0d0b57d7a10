/**
 * `npm run build:sdk`: the SDK as plain JavaScript, for applications that run on Node.js 20 without
 * a TypeScript loader. Inside this repository everything imports the SDK's TypeScript source (its
 * package `exports` point there, run through tsx and vitest); an application elsewhere imports the
 * bundles this writes — one ESM file per public entry, zero runtime dependencies (the OpenFeature
 * provider leaves `@openfeature/server-sdk`, its peer, external), not minified, with source maps:
 *
 *   packages/sdk/dist/index.js         (`@ripcord/sdk`)
 *   packages/sdk/dist/openfeature.js   (`@ripcord/sdk/openfeature`)
 *
 * The entries are the ones the size budget measures (bench/sdk-size.bench.ts), so what is built is
 * what is budgeted. `packages/sdk/test/build.test.ts` loads the bundle in a plain `node` process.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUDGETS } from '../bench/sdk-size.bench.js';

const sdk = fileURLToPath(new URL('../packages/sdk/', import.meta.url));

/** Builds every public SDK entry into `outdir` (default packages/sdk/dist); returns the files written. */
export async function buildSdk(outdir = path.join(sdk, 'dist')): Promise<string[]> {
  const written: string[] = [];
  for (const entry of BUDGETS) {
    const base = entry.name === '@ripcord/sdk' ? 'index' : entry.name.slice('@ripcord/sdk/'.length);
    const outfile = path.join(outdir, `${base}.js`);
    await build({
      entryPoints: [entry.entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: entry.external,
      sourcemap: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    written.push(outfile);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of await buildSdk()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
