/**
 * Delta Lake and Iceberg time travel as a level-4 job (R5.3): the `restore-snapshot` job runs
 * `RESTORE TABLE … TO VERSION AS OF n` (Delta) or `CALL catalog.system.rollback_to_snapshot(…)`
 * (Iceberg, Spark SQL) through a SQL endpoint in the Databricks statement-execution shape
 * (sql-statements.ts), and reports progress as the statement moves. The table and version come
 * from the control bundle's `components.dataSnapshot.table` (identifiers validated there, so
 * nothing a spec says can add SQL). Before submitting it reads the table's history: a table
 * already restored is not restored again.
 */
import { z } from 'zod';
import type { TableTarget } from '../../bundles/bundle-targets.js';
import { actuatorUrl, callAttempts, callTimeout, jobDeadline, secretEnv } from './actuator-fields.js';
import { ActuationError, type ActuatorHttp } from './actuator-http.js';
import type { ActuationSubject, ActuatorKind } from './actuator-kind.js';
import { query, statementStatus, statusRequest, submit, submitRequest, type SqlEndpoint } from './sql-statements.js';

/** `kind: table-restore` — the SQL endpoint the restore-snapshot job runs on. */
export const tableRestoreSchema = z.strictObject({
  kind: z.literal('table-restore'),
  /** The workspace or SQL gateway, e.g. https://dbc-1234.cloud.databricks.com. */
  url: actuatorUrl,
  /** The SQL warehouse that runs the statements. */
  warehouseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a SQL warehouse id'),
  tokenEnv: secretEnv,
  timeout: callTimeout.optional(),
  attempts: callAttempts.optional(),
  deadline: jobDeadline.optional(),
});
/** A `table-restore` declaration. */
export type TableRestoreSpec = z.infer<typeof tableRestoreSchema>;

const quote = (name: string) =>
  name
    .split('.')
    .map((p) => `\`${p}\``)
    .join('.');

/** The control's table version; throws when the bundle names none. */
function tableOf(subject: ActuationSubject): TableTarget {
  const t = subject.control.table;
  if (!t)
    throw new ActuationError(
      `the control bundle ${subject.control.version} names no table version (components.dataSnapshot.table)`,
    );
  return t;
}

/** The statements of one table format. */
export function statements(t: TableTarget): { check: string; restore: string; current: string; to: string } {
  if (t.format === 'delta')
    return {
      check: `DESCRIBE HISTORY ${quote(t.name)}`,
      restore: `RESTORE TABLE ${quote(t.name)} TO VERSION AS OF ${t.version}`,
      current: `DESCRIBE HISTORY ${quote(t.name)} LIMIT 1`,
      to: `Delta version ${t.version}`,
    };
  const [catalog, ...rest] = t.name.split('.');
  return {
    check: `SELECT snapshot_id FROM ${quote(t.name)}.\`snapshots\` WHERE snapshot_id = ${t.snapshotId}`,
    restore: `CALL \`${catalog}\`.system.rollback_to_snapshot('${rest.join('.')}', ${t.snapshotId})`,
    current: `SELECT snapshot_id FROM ${quote(t.name)}.\`history\` ORDER BY made_current_at DESC LIMIT 1`,
    to: `Iceberg snapshot ${t.snapshotId}`,
  };
}

const endpoint = (spec: TableRestoreSpec): SqlEndpoint => ({ url: spec.url, warehouseId: spec.warehouseId });

/** Whether the table is at the version now: Delta's last commit restored it; Iceberg's current snapshot is it. */
async function isRestored(spec: TableRestoreSpec, t: TableTarget, http: ActuatorHttp): Promise<boolean> {
  const [row] = (await query(http, endpoint(spec), statements(t).current)).rows;
  if (!row) return false;
  if (t.format === 'iceberg') return row.snapshot_id === t.snapshotId;
  if (row.operation !== 'RESTORE') return false;
  const params = parseParams(row.operationParameters);
  return params.version === String(t.version);
}

/** Delta's operationParameters: a map rendered as JSON text. */
function parseParams(raw: string | null | undefined): Record<string, unknown> {
  try {
    const value = JSON.parse(raw ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The table-restore kind. */
export const tableRestoreKind: ActuatorKind<TableRestoreSpec> = {
  kind: 'table-restore',
  schema: tableRestoreSchema,
  declaredFor: ['restore-snapshot'],
  async readiness(spec, subject, http) {
    const t = tableOf(subject);
    const s = statements(t);
    const { rows } = await query(http, endpoint(spec), s.check);
    const found = t.format === 'delta' ? rows.some((r) => r.version === String(t.version)) : rows.length > 0;
    return found ? [] : [`${t.name} has no ${s.to} in its history: it cannot be restored to it`];
  },
  dryRun(spec, subject, http) {
    try {
      const t = tableOf(subject);
      const s = statements(t);
      const e = endpoint(spec);
      return Promise.resolve({
        calls: [
          http.view(submitRequest(e, s.current, '30s', 'read')),
          http.view(submitRequest(e, s.restore, '0s', 'apply')),
          http.view(statusRequest(e, '{statement_id}')),
          http.view(submitRequest(e, s.current, '30s', 'read-back')),
        ],
        effect: `${s.restore} (level-4 job on warehouse ${spec.warehouseId})`,
      });
    } catch (error) {
      return Promise.resolve({ calls: [], effect: 'no table restore', problem: (error as Error).message });
    }
  },
  async apply(spec, subject, http) {
    const t = tableOf(subject);
    const s = statements(t);
    if (await isRestored(spec, t, http)) return { kind: 'applied', detail: `${t.name} is already at ${s.to}` };
    const started = await submit(http, endpoint(spec), s.restore, 'apply');
    return { kind: 'started', handle: started.id, detail: `statement ${started.id}: ${s.restore}` };
  },
  async poll(spec, _subject, handle, http) {
    const status = await statementStatus(http, endpoint(spec), handle);
    if (status.state === 'SUCCEEDED') return { kind: 'finished', message: `statement ${handle} succeeded` };
    if (status.state === 'PENDING') return { kind: 'running', progress: 0.1, message: `statement ${handle} queued` };
    if (status.state === 'RUNNING') return { kind: 'running', progress: 0.5, message: `statement ${handle} running` };
    return { kind: 'failed', error: `statement ${handle} ${status.state}${status.error ? `: ${status.error}` : ''}` };
  },
  async verify(spec, subject, http) {
    const t = tableOf(subject);
    if (!(await isRestored(spec, t, http)))
      throw new ActuationError(`read-back: ${t.name} is not at ${statements(t).to}`);
    return `read back ${t.name}: at ${statements(t).to}`;
  },
};
