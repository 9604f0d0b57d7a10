import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const token = 'cli-actuators-admin-token-0123';

/**
 * Issue 19's first acceptance point through the CLI: `ripcord apply` accepts the ride-pricing
 * example that declares KServe and MLflow actuators, unchanged, and `ripcord rollback plan` shows
 * the exact calls a rollback would make (these two kinds need no read to compute them, so the
 * example's placeholder hosts are never contacted).
 */
describe('ripcord rollback plan with built-in actuators', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-cli-actuators-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: token },
      { announce: () => undefined },
    );
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      args,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      { RIPCORD_SERVER: server.url, RIPCORD_TOKEN: token },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('applies examples/actuators/ride-pricing-kserve.yaml and prints the KServe and MLflow calls of a level-2 rollback', async () => {
    const applied = await run(['apply', '-f', path.join(root, 'examples/actuators/ride-pricing-kserve.yaml')]);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/Workflow\s+ride-pricing\s+created/);

    const plan = await run(['rollback', 'plan', 'demand-gbm-42', '--level', '2']);
    expect(plan.code).toBe(0);
    const lines = plan.out.split('\n').map((l) => l.trim());
    expect(lines).toContain('actuator calls (dry run: nothing was changed):');
    const k8s =
      'https://kubernetes.pricing.example:6443/apis/serving.kserve.io/v1beta1/namespaces/pricing/inferenceservices/demand-gbm';
    expect(lines).toContain(`apply     PATCH ${k8s}?fieldManager=ripcord&fieldValidation=Strict`);
    expect(lines).toContain('{"spec":{"predictor":{"canaryTrafficPercent":0}}}');
    expect(lines).toContain('authorization: Bearer $RIPCORD_ACTUATOR_SECRET_K8S');
    expect(lines).toContain('apply     POST https://mlflow.pricing.example/api/2.0/mlflow/registered-models/alias');
    expect(lines).toContain('{"name":"demand-gbm","alias":"champion","version":"7"}');
    expect(plan.out).toMatch(/step \d+, model actuator \(mlflow\): MLflow alias demand-gbm@champion → version 7/);

    const json = JSON.parse((await run(['rollback', 'plan', 'demand-gbm-42', '--level', '2', '--json'])).out);
    expect(json.level).toBe('level2');
    expect(json.targets.control).toMatchObject({ version: '41', mlflow: { name: 'demand-gbm', version: '7' } });
    expect(json.actuations.map((a: { kind: string }) => a.kind).sort()).toEqual(['kserve', 'mlflow']);
  });
});
