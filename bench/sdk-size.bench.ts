/**
 * SDK size check: bundles each public entry with esbuild (minified, node platform, ESM) and fails
 * if one exceeds its budget. Run `node --import tsx bench/sdk-size.bench.ts`; a vitest test
 * (packages/sdk/test/size.test.ts) runs the same check so CI enforces it.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One entry's budget. */
export interface SizeBudget {
  name: string;
  entry: string;
  /** Minified bytes allowed. */
  maxBytes: number;
  external: string[];
}

/** A measured entry. */
export interface SizeResult extends SizeBudget {
  bytes: number;
  gzipBytes: number;
  /** Imports left external in the bundle (must be node: built-ins or declared peers). */
  externalImports: string[];
  ok: boolean;
}

const root = fileURLToPath(new URL('../packages/sdk/', import.meta.url));

/**
 * Budgets, re-set deliberately (BENCHMARKS.md § Size): last when edge summaries and the on-disk
 * spool (issue 17) added ~6 kB to both entries: ~6 % headroom over 48.9 kB / 51.1 kB.
 */
export const BUDGETS: SizeBudget[] = [
  { name: '@ripcord/sdk', entry: `${root}src/index.ts`, maxBytes: 52_000, external: [] },
  {
    name: '@ripcord/sdk/openfeature',
    entry: `${root}src/openfeature/index.ts`,
    maxBytes: 54_000,
    external: ['@openfeature/server-sdk'],
  },
];

/** Bundles and measures every entry. */
export async function measureSizes(budgets: SizeBudget[] = BUDGETS): Promise<SizeResult[]> {
  const results: SizeResult[] = [];
  for (const b of budgets) {
    const out = await build({
      entryPoints: [b.entry],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: b.external,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.contents ?? new Uint8Array();
    const externalImports = [
      ...new Set(
        Object.values(out.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)),
      ),
    ].sort();
    results.push({
      ...b,
      bytes: code.byteLength,
      gzipBytes: gzipSync(code).byteLength,
      externalImports,
      ok: code.byteLength <= b.maxBytes,
    });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureSizes();
  for (const r of results) {
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.bytes} B minified, ${r.gzipBytes} B gzip (budget ${r.maxBytes} B)`,
    );
  }
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}
