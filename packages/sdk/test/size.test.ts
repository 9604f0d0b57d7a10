import { describe, expect, it } from 'vitest';
import { measureSizes } from '../../../bench/sdk-size.bench.js';

describe('SDK size budget', () => {
  it('keeps every minified entry within its budget', async () => {
    const results = await measureSizes();
    for (const r of results) {
      console.log(`${r.name}: ${r.bytes} B minified, ${r.gzipBytes} B gzip (budget ${r.maxBytes} B)`);
      expect(r.bytes, r.name).toBeLessThanOrEqual(r.maxBytes);
    }
  });

  it('has zero runtime dependencies: only node: built-ins (and the OpenFeature peer) stay external', async () => {
    const [core, openfeature] = await measureSizes();
    expect(core?.externalImports.length).toBeGreaterThan(0);
    for (const path of core?.externalImports ?? []) expect(path).toMatch(/^node:/);
    for (const path of openfeature?.externalImports ?? []) expect(path).toMatch(/^(node:|@openfeature\/server-sdk$)/);
  });

  it('fails an entry that exceeds its budget', async () => {
    const [probe] = await measureSizes([
      { name: 'probe', entry: new URL('../src/index.ts', import.meta.url).pathname, maxBytes: 1000, external: [] },
    ]);
    expect(probe?.ok).toBe(false);
  });
});
