import { describe, expect, it } from 'vitest';
import { bundleSchema } from '../src/features/bundles/bundle-schema.js';
import { workflowSchema } from '../src/features/bundles/workflow-schema.js';
import { exampleDocuments } from './helpers.js';

const workflow = (actuators: unknown) => ({ kind: 'Workflow', name: 'w', type: 'realtime', actuators });
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
const k8s = {
  server: 'https://k8s.example.com:6443',
  tokenEnv: 'RIPCORD_ACTUATOR_SECRET_K8S',
  namespace: 'pricing',
  name: 'demand',
};

/** Declarations and bundle fields of the built-in kinds are validated at the edge, with reasons. */
describe('built-in actuator declarations and bundle targets', () => {
  it('accepts the example with KServe, MLflow and table-restore actuators, and webhooks as before', () => {
    for (const doc of exampleDocuments('actuators/ride-pricing-kserve')) {
      const schema = doc.kind === 'Workflow' ? workflowSchema : bundleSchema;
      expect(messages(schema.safeParse(doc))).toEqual([]);
    }
    expect(workflowSchema.safeParse(workflow({ model: { url: 'https://hooks.example.com/r' } })).success).toBe(true);
  });

  it('refuses a kind out of place, an unknown kind, a credential variable outside RIPCORD_ACTUATOR_SECRET_*, and unknown fields', () => {
    expect(
      messages(
        workflowSchema.safeParse(
          workflow({ serving: { kind: 'mlflow', url: 'https://m.example.com', alias: 'champion' } }),
        ),
      ),
    ).toEqual(['actuators.serving.kind: a mlflow actuator acts for model, not serving']);
    expect(
      messages(
        workflowSchema.safeParse(
          workflow({
            model: {
              kind: 'table-restore',
              url: 'https://d.example.com',
              warehouseId: 'w',
              tokenEnv: 'RIPCORD_ACTUATOR_SECRET_D',
            },
          }),
        ),
      ),
    ).toEqual(['actuators.model.kind: a table-restore actuator acts for restore-snapshot, not model']);
    expect(messages(workflowSchema.safeParse(workflow({ serving: { kind: 'nginx', ...k8s } })))[0]).toMatch(
      /kind must be webhook .* or one of gateway-api, istio, kserve, mlflow, table-restore/,
    );
    expect(
      messages(
        workflowSchema.safeParse(workflow({ serving: { kind: 'kserve', ...k8s, tokenEnv: 'RIPCORD_ADMIN_TOKEN' } })),
      )[0],
    ).toMatch(/tokenEnv: must be RIPCORD_ACTUATOR_SECRET/);
    expect(
      messages(workflowSchema.safeParse(workflow({ serving: { kind: 'gateway-api', ...k8s, token: 'abc' } })))[0],
    ).toMatch(/Unrecognized key: "token"/);
    expect(
      messages(
        workflowSchema.safeParse(workflow({ serving: { kind: 'istio', ...k8s, server: 'http://k8s.example.com' } })),
      )[0],
    ).toMatch(/server: must be an absolute https URL/);
    expect(
      messages(
        workflowSchema.safeParse(
          workflow({ model: { kind: 'mlflow', url: 'https://m.example.com', alias: 'latest' } }),
        ),
      )[0],
    ).toMatch(/MLflow reserves latest/);
  });

  it('validates the bundle fields the kinds read: MLflow version, Kubernetes Service, table name and version', () => {
    const bundle = (components: Record<string, unknown>) => ({
      kind: 'Bundle',
      workflow: 'w',
      version: '1',
      components,
    });
    const check = (components: Record<string, unknown>) => messages(bundleSchema.safeParse(bundle(components)));
    expect(check({ model: { name: 'm', version: '1', mlflow: { version: 7 } } })[0]).toMatch(/quote it in YAML/);
    expect(check({ model: { name: 'm', version: '1', mlflow: { version: 'v7' } } })[0]).toMatch(
      /MLflow version number/,
    );
    expect(check({ serving: { kubernetes: { service: 'Pricing_41' } } })[0]).toMatch(/must be a Kubernetes name/);
    expect(check({ serving: { kubernetes: { service: 'pricing-41', port: 70000 } } })[0]).toMatch(/port/);
    expect(
      check({ dataSnapshot: { ref: 'r', table: { format: 'delta', name: 'main.t; DROP TABLE x', version: 1 } } })[0],
    ).toMatch(/plain identifiers/);
    expect(
      check({ dataSnapshot: { ref: 'r', table: { format: 'iceberg', name: 'db.trips', snapshotId: '1' } } })[0],
    ).toMatch(/needs its catalog/);
    expect(
      check({
        dataSnapshot: { ref: 'r', table: { format: 'iceberg', name: 'c.db.t', snapshotId: '99999999999999999999' } },
      })[0],
    ).toMatch(/Iceberg snapshot id|64-bit/);
    expect(
      check({ dataSnapshot: { ref: 'r', table: { format: 'delta', name: 'c.db.t', snapshotId: '1' } } }).join(),
    ).toMatch(/version|snapshotId/);
    expect(
      check({
        dataSnapshot: { ref: 'r', table: { format: 'iceberg', name: 'c.db.t', snapshotId: '5930182740019384512' } },
      }),
    ).toEqual([]);
  });
});
