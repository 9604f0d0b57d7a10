/**
 * The dashboard's build (ADR 0008): esbuild bundles the sources in memory; the bundle stays within
 * its size budget and loads nothing from elsewhere at run time (no CDN: the page's CSP allows only
 * its own origin).
 */
import { describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/index.js';

/** gzip bytes the ADR allows: Preact and uPlot are ~30 KB of it. */
const BUDGET = { 'app.js': 60_000, 'app.css': 6_000 } as const;

describe('the dashboard build', () => {
  it('bundles the page within its size budget, referring only to its own files', async () => {
    const assets = await buildDashboard();
    for (const [name, limit] of Object.entries(BUDGET)) {
      const file = assets.files.get(name);
      expect(file, name).toBeDefined();
      expect(file!.gzipBytes, `${name} gzip bytes`).toBeLessThan(limit);
    }
    const html = new TextDecoder().decode(assets.index.body);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(['data:,', '/ui/assets/app.css', '/ui/assets/app.js']);
    const js = new TextDecoder().decode(assets.files.get('app.js')!.body);
    // The only network calls are to this server's API.
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z]/i);
  });
});
