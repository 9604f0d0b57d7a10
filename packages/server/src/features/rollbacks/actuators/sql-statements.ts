/**
 * A SQL endpoint in the shape of the Databricks SQL Statement Execution API (2.0): submit with
 * `POST /api/2.0/sql/statements` (`warehouse_id`, `statement`, `wait_timeout`,
 * `on_wait_timeout: CONTINUE`), then `GET /api/2.0/sql/statements/{statement_id}` until the state
 * is SUCCEEDED, FAILED, CANCELED or CLOSED. Results come inline as JSON arrays of strings.
 */
import { ActuationError, expectOk, type ActuatorHttp, type HttpRequest } from './actuator-http.js';

/** Where statements go. */
export interface SqlEndpoint {
  url: string;
  warehouseId: string;
}

/** A statement's state as the endpoint reports it. */
export interface StatementStatus {
  id: string;
  state: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'CLOSED';
  error?: string;
  /** Inline rows (JSON_ARRAY: every value a string or null), by column name. */
  rows: Record<string, string | null>[];
}

const base = (e: SqlEndpoint) => `${e.url.replace(/\/+$/, '')}/api/2.0/sql/statements`;

/** The submit request; `wait` is how long the endpoint may hold the answer (0s: return at once). */
export function submitRequest(
  e: SqlEndpoint,
  statement: string,
  wait: '0s' | '30s',
  purpose: HttpRequest['purpose'],
): HttpRequest {
  return {
    method: 'POST',
    url: `${base(e)}/`,
    body: { warehouse_id: e.warehouseId, statement, wait_timeout: wait, on_wait_timeout: 'CONTINUE' },
    purpose,
    // A submit that timed out may have started the statement: it is not repeated blindly.
    idempotent: purpose !== 'apply',
  };
}

/** The status request of a statement. */
export function statusRequest(e: SqlEndpoint, id: string): HttpRequest {
  return { method: 'GET', url: `${base(e)}/${encodeURIComponent(id)}`, purpose: 'poll' };
}

/** Parses an answer of either call. */
export function parseStatement(body: unknown, what: string): StatementStatus {
  const b = (body ?? {}) as {
    statement_id?: unknown;
    status?: { state?: unknown; error?: { message?: unknown; error_code?: unknown } };
    manifest?: { schema?: { columns?: { name?: unknown }[] } };
    result?: { data_array?: unknown };
  };
  const states = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED'];
  const state = b.status?.state;
  if (typeof b.statement_id !== 'string' || typeof state !== 'string' || !states.includes(state))
    throw new ActuationError(`${what}: the SQL endpoint answered no statement_id and state`);
  const columns = (b.manifest?.schema?.columns ?? []).map((c) => String(c.name));
  const data = Array.isArray(b.result?.data_array) ? (b.result.data_array as (string | null)[][]) : [];
  const rows = data.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
  const error = b.status?.error;
  return {
    id: b.statement_id,
    state: state as StatementStatus['state'],
    rows,
    ...(error
      ? {
          error:
            `${typeof error.error_code === 'string' ? error.error_code : 'error'}: ${typeof error.message === 'string' ? error.message : ''}`.slice(
              0,
              500,
            ),
        }
      : {}),
  };
}

/** Submits a statement; returns its status (a write returns at once, PENDING or RUNNING). */
export async function submit(
  http: ActuatorHttp,
  e: SqlEndpoint,
  statement: string,
  purpose: HttpRequest['purpose'],
): Promise<StatementStatus> {
  const what = `SQL warehouse ${e.warehouseId}`;
  const answer = await http.send(submitRequest(e, statement, purpose === 'apply' ? '0s' : '30s', purpose));
  expectOk(answer, what, 'CAN USE on the warehouse and MODIFY on the table');
  return parseStatement(answer.body, what);
}

/** A statement's status now. */
export async function statementStatus(http: ActuatorHttp, e: SqlEndpoint, id: string): Promise<StatementStatus> {
  const answer = await http.send(statusRequest(e, id));
  expectOk(answer, `SQL statement ${id}`, 'CAN USE on the warehouse');
  return parseStatement(answer.body, `SQL statement ${id}`);
}

/** Runs a read-only statement to its end (polling at most `polls` times a second apart); throws when it fails. */
export async function query(
  http: ActuatorHttp,
  e: SqlEndpoint,
  statement: string,
  polls = 30,
): Promise<StatementStatus> {
  let status = await submit(http, e, statement, 'check');
  for (let i = 0; i < polls && (status.state === 'PENDING' || status.state === 'RUNNING'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    status = await statementStatus(http, e, status.id);
  }
  if (status.state !== 'SUCCEEDED')
    throw new ActuationError(
      `\`${statement}\` ${status.state.toLowerCase()}${status.error ? `: ${status.error}` : ''}`,
    );
  return status;
}
