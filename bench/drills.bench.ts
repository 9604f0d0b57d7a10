/**
 * Rollback drills: 20 level-1 drills of support-summary (2026-05-02.1 → 2026-04-10.1 for the staff
 * segment) on a real server with the embedded store; the run's rollback time (what readiness
 * estimates use) and the whole drill over HTTP (plan, run, verify, restore, verify). Run:
 * node --import tsx bench/drills.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../packages/server/src/index.js';
const admin = 'measure-admin-token-0123456789';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-measure-'));
const server = await startServer(
  { port: 0, dataDir: dir, logLevel: 'silent' },
  { RIPCORD_ADMIN_TOKEN: admin },
  { announce: () => undefined },
);
const call = async (method: string, p: string, body?: unknown) => {
  const r = await fetch(server.url + p, {
    method,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return r.json() as Promise<Record<string, any>>;
};
const { parseAllDocuments } = await import('yaml');
const docs = parseAllDocuments(fs.readFileSync(new URL('../examples/support-summary.yaml', import.meta.url), 'utf8'))
  .map((d) => d.toJS() as Record<string, unknown>)
  .filter((d) => d.kind !== 'Release');
await call('POST', '/v1/apply', { documents: docs });
const SS = '/v1/workflows/support-summary/environments/production';
for (const v of ['2026-04-10.1', '2026-05-02.1'])
  await call('PUT', `${SS}/labels/production`, { version: v, reason: 'm' });
await call('PUT', `${SS}/segments/staff`, { conditions: [{ attribute: 'staff', op: 'eq', value: true }], reason: 'm' });
const rollback: number[] = [],
  total: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  const d = await call('POST', `${SS}/drills`, { level: 1 });
  total.push(performance.now() - t0);
  if (d.status !== 'passed') throw new Error(JSON.stringify(d));
  rollback.push(d.rollbackMs);
}
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.ceil(p * a.length) - 1]!;
console.log(
  `level-1 drills (20, PGlite, support-summary): rollback p50 ${q(rollback, 0.5)} ms p90 ${q(rollback, 0.9)} ms; whole drill (HTTP) p50 ${q(total, 0.5).toFixed(0)} ms p90 ${q(total, 0.9).toFixed(0)} ms`,
);
const r = await call('GET', '/v1/workflows/support-summary/environments/production/readiness');
console.log(r.rollback.levels[0].estimate.text.slice(0, 90));
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });
