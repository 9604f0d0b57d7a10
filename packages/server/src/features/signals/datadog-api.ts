/**
 * Datadog's metrics query API, v1 (`GET /api/v1/query?from=&to=&query=` with the `DD-API-KEY` and
 * `DD-APPLICATION-KEY` headers; answer `{status, series: [{pointlist: [[ms, value|null], …], scope,
 * expression, …}], error}`, errors `{errors: [...]}`). Each series reads as its latest non-null
 * point in the window. Contract-tested against a loopback server answering in that documented
 * format, not against Datadog itself (docs/gates.md says so).
 */
import { requestSource } from './signal-http.js';
import type { SignalSourceConfig } from './signal-settings.js';
import type { QueryOutcome, SeriesValue } from './prometheus-api.js';

interface DatadogSeries {
  pointlist?: unknown;
  scope?: unknown;
  expression?: unknown;
}

interface DatadogAnswer {
  status?: unknown;
  error?: unknown;
  errors?: unknown;
  series?: unknown;
}

/** The latest point with a value, or NaN when the series has none in the window. */
function latestPoint(pointlist: unknown): number {
  if (!Array.isArray(pointlist)) return Number.NaN;
  for (let i = pointlist.length - 1; i >= 0; i--) {
    const point: unknown = pointlist[i];
    if (Array.isArray(point) && typeof point[1] === 'number') return point[1];
  }
  return Number.NaN;
}

function errorText(body: DatadogAnswer): string {
  if (Array.isArray(body.errors)) return body.errors.map(String).join('; ');
  return typeof body.error === 'string' ? body.error : 'no reason given';
}

/** Queries the window (at − lookback, at] and reads each series' latest point. */
export async function datadogQuery(
  source: SignalSourceConfig,
  query: string,
  at: Date,
  lookbackMs: number,
  timeoutMs: number,
): Promise<QueryOutcome> {
  const to = Math.floor(at.getTime() / 1000);
  const params = new URLSearchParams({ from: String(to - Math.ceil(lookbackMs / 1000)), to: String(to), query });
  const answer = await requestSource(source, `/api/v1/query?${params.toString()}`, { timeoutMs });
  if (!answer.ok) return { ok: false, fault: 'source', reason: answer.reason };
  let body: DatadogAnswer;
  try {
    body = JSON.parse(answer.body) as DatadogAnswer;
  } catch {
    return { ok: false, fault: 'source', reason: `HTTP ${answer.status}, not a Datadog API answer` };
  }
  if (answer.status === 401 || answer.status === 403)
    return {
      ok: false,
      fault: 'source',
      reason: `HTTP ${answer.status} ${errorText(body)}: check the API and application keys`,
    };
  if (answer.status === 400) return { ok: false, fault: 'query', reason: `HTTP 400 ${errorText(body)}` };
  if (answer.status !== 200 || body.status === 'error')
    return {
      ok: false,
      fault: answer.status === 200 ? 'query' : 'source',
      reason: `HTTP ${answer.status} ${errorText(body)}`,
    };
  const series = (Array.isArray(body.series) ? (body.series as DatadogSeries[]) : []).map((s, i): SeriesValue => ({
    key: typeof s.scope === 'string' ? s.scope : typeof s.expression === 'string' ? s.expression : String(i),
    value: latestPoint(s.pointlist),
  }));
  return { ok: true, series };
}
