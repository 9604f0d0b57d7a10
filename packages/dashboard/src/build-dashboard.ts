/**
 * Builds the dashboard from its sources in memory with esbuild (already what runs the server's
 * TypeScript, through tsx): nothing generated is committed or written, so `npm ci && npm start`
 * serves the sources as they are, and a test always runs the code it reads (docs/adr/0008-dashboard.md).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file the server serves under `/ui/`. */
export interface DashboardAsset {
  body: Uint8Array;
  contentType: string;
  /** A strong ETag: the content's hash. */
  etag: string;
  /** Its gzip-compressed size in bytes (reported in the ADR; checked by a test). */
  gzipBytes: number;
}

/** The built dashboard: `index.html` and the files it loads, by name. */
export interface DashboardAssets {
  files: ReadonlyMap<string, DashboardAsset>;
  /** The page every deep link (`/ui/releases/rel_…`) answers with. */
  index: DashboardAsset;
}

/** The folder of the browser sources. */
export const webDir = path.resolve(import.meta.dirname, '../web');

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
};

function asset(body: Uint8Array, contentType: string): DashboardAsset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType, etag, gzipBytes: gzipSync(body).length };
}

/** Bundles `web/main.tsx` (and the CSS it imports) minified, in memory. */
export async function buildDashboard(): Promise<DashboardAssets> {
  // Loaded on first use: a server start does not pay for esbuild (~0.3 s) until a page is asked for.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { app: path.join(webDir, 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    outdir: '/ui',
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files = new Map<string, DashboardAsset>();
  for (const out of result.outputFiles) {
    const name = path.basename(out.path);
    files.set(name, asset(out.contents, types[path.extname(name)] ?? 'application/octet-stream'));
  }
  const html = fs.readFileSync(path.join(webDir, 'index.html'));
  const index = asset(new Uint8Array(html), types['.html']!);
  files.set('index.html', index);
  return { files, index };
}

let cached: Promise<DashboardAssets> | undefined;

/** The dashboard, built once per process on first use. A failed build is retried on the next call. */
export function dashboardAssets(): Promise<DashboardAssets> {
  cached ??= buildDashboard().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
