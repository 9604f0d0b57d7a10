/**
 * A fake SQL endpoint in the shape of the Databricks SQL Statement Execution API 2.0 (submit with
 * `POST /api/2.0/sql/statements/`, poll `GET /api/2.0/sql/statements/{id}`; `wait_timeout` 0s or
 * 5s–50s; inline JSON_ARRAY results of strings) over one Delta table's history and one Iceberg
 * table's snapshots. A RESTORE or rollback_to_snapshot is queued, then runs, then succeeds, one
 * state per poll, and only then changes the table.
 */
import { bearer, listen, type FakeAnswer, type FakeRequest } from './loopback.js';

interface Statement {
  id: string;
  text: string;
  state: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  columns: string[];
  rows: (string | null)[][];
  error?: string;
  /** Applied when the statement succeeds. */
  effect?: () => void;
}

/** A running fake warehouse. */
export interface FakeSql {
  url: string;
  warehouseId: string;
  /** The Delta table's history, oldest first. */
  delta: { name: string; history: { version: number; operation: string; operationParameters: string }[] };
  /** The Iceberg table's snapshots and which is current. */
  iceberg: { name: string; snapshots: string[]; current: string };
  /** Restores that were submitted, in order (their statement text). */
  restores: string[];
  close(): Promise<void>;
}

/** Starts the fake with a Delta table at versions 0..`deltaVersions`-1 and an Iceberg table. */
export async function startFakeSql(token: string, deltaName: string, icebergName: string): Promise<FakeSql> {
  const history = Array.from({ length: 20 }, (_v, version) => ({
    version,
    operation: 'WRITE',
    operationParameters: '{"mode":"Append"}',
  }));
  const fake = {
    warehouseId: 'wh-0123456789',
    delta: { name: deltaName, history },
    iceberg: { name: icebergName, snapshots: ['88412', '90177'], current: '90177' },
    restores: [],
  } as unknown as FakeSql;
  const statements = new Map<string, Statement>();
  return Object.assign(fake, await listen((req) => handle(fake, statements, token, req)));
}

const fail = (status: number, code: string, message: string): FakeAnswer => ({
  status,
  body: { error_code: code, message },
});
const tick = (q: string) =>
  q
    .split('.')
    .map((p) => `\`${p}\``)
    .join('.');

function view(s: Statement): FakeAnswer {
  return {
    status: 200,
    body: {
      statement_id: s.id,
      status: { state: s.state, ...(s.error ? { error: { error_code: 'BAD_REQUEST', message: s.error } } : {}) },
      ...(s.state === 'SUCCEEDED'
        ? {
            manifest: {
              format: 'JSON_ARRAY',
              schema: { columns: s.columns.map((name, position) => ({ name, position })) },
            },
            result: { data_array: s.rows },
          }
        : {}),
    },
  };
}

function handle(fake: FakeSql, statements: Map<string, Statement>, token: string, req: FakeRequest): FakeAnswer {
  if (bearer(req) !== token) return fail(401, 'UNAUTHENTICATED', 'Invalid access token.');
  if (req.method === 'GET' && req.path.startsWith('/api/2.0/sql/statements/')) {
    const s = statements.get(decodeURIComponent(req.path.slice('/api/2.0/sql/statements/'.length)));
    if (!s) return fail(404, 'NOT_FOUND', 'The statement was not found.');
    if (s.state === 'PENDING') s.state = 'RUNNING';
    else if (s.state === 'RUNNING') {
      s.state = 'SUCCEEDED';
      s.effect?.();
    }
    return view(s);
  }
  if (req.method !== 'POST' || req.path !== '/api/2.0/sql/statements/')
    return fail(404, 'ENDPOINT_NOT_FOUND', 'No API found');
  const body = JSON.parse(req.text) as {
    warehouse_id?: unknown;
    statement?: unknown;
    wait_timeout?: unknown;
    on_wait_timeout?: unknown;
  };
  if (body.warehouse_id !== fake.warehouseId)
    return fail(404, 'RESOURCE_DOES_NOT_EXIST', `Warehouse ${String(body.warehouse_id)} does not exist.`);
  const wait = typeof body.wait_timeout === 'string' ? body.wait_timeout : '10s';
  const seconds = /^(\d+)s$/.exec(wait)?.[1];
  if (seconds === undefined || (Number(seconds) !== 0 && (Number(seconds) < 5 || Number(seconds) > 50)))
    return fail(400, 'INVALID_PARAMETER_VALUE', 'wait_timeout must be 0s or between 5s and 50s');
  if (typeof body.statement !== 'string') return fail(400, 'INVALID_PARAMETER_VALUE', 'statement is required');
  const s: Statement = {
    id: `01ef-${statements.size + 1}`,
    text: body.statement,
    state: 'SUCCEEDED',
    columns: [],
    rows: [],
  };
  run(fake, s);
  statements.set(s.id, s);
  return view(s);
}

/** Interprets the statements the table-restore kind sends; anything else fails as a parse error. */
function run(fake: FakeSql, s: Statement): void {
  const d = fake.delta;
  const i = fake.iceberg;
  const history = () => [...d.history].reverse().map((h) => [String(h.version), h.operation, h.operationParameters]);
  let m: RegExpExecArray | null;
  if (s.text === `DESCRIBE HISTORY ${tick(d.name)}` || s.text === `DESCRIBE HISTORY ${tick(d.name)} LIMIT 1`) {
    s.columns = ['version', 'operation', 'operationParameters'];
    s.rows = s.text.endsWith('LIMIT 1') ? history().slice(0, 1) : history();
  } else if ((m = new RegExp(`^RESTORE TABLE ${escape(tick(d.name))} TO VERSION AS OF (\\d+)$`).exec(s.text))) {
    const version = Number(m[1]);
    fake.restores.push(s.text);
    s.state = 'PENDING';
    s.effect = () =>
      d.history.push({
        version: d.history.length,
        operation: 'RESTORE',
        operationParameters: JSON.stringify({ version: String(version), timestamp: null }),
      });
  } else if (
    (m = new RegExp(
      `^SELECT snapshot_id FROM ${escape(tick(i.name))}\\.\`snapshots\` WHERE snapshot_id = (\\d+)$`,
    ).exec(s.text))
  ) {
    s.columns = ['snapshot_id'];
    s.rows = i.snapshots.filter((id) => id === m![1]).map((id) => [id]);
  } else if (s.text === `SELECT snapshot_id FROM ${tick(i.name)}.\`history\` ORDER BY made_current_at DESC LIMIT 1`) {
    s.columns = ['snapshot_id'];
    s.rows = [[i.current]];
  } else if (
    (m = /^CALL `([a-z_]+)`\.system\.rollback_to_snapshot\('([a-z_.]+)', (\d+)\)$/.exec(s.text)) &&
    `${m[1]}.${m[2]}` === i.name
  ) {
    const id = m[3]!;
    fake.restores.push(s.text);
    s.state = 'PENDING';
    s.effect = () => (i.current = id);
  } else {
    s.state = 'FAILED';
    s.error = `[PARSE_SYNTAX_ERROR] Syntax error or unknown table in: ${s.text}`;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&');
}
