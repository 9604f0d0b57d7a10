/**
 * Prometheus' instant-query API (`POST /api/v1/query`, the stable HTTP API's envelope:
 * `{status, data: {resultType, result}, errorType, error}`). A query that does not parse or cannot
 * run comes back as `bad_data` (400) or `execution` (422) and is a problem of the query; a timeout
 * (503), an unreachable server or an answer that is not Prometheus' is a problem of the source.
 */
import { requestSource } from './signal-http.js';
import type { SignalSourceConfig } from './signal-settings.js';

/** One series of an instant query's answer: its labels as one canonical string, and its value. */
export interface SeriesValue {
  key: string;
  value: number;
}

/** An instant query's answer, or why there is none: the query's fault or the source's. */
export type QueryOutcome =
  { ok: true; series: SeriesValue[] } | { ok: false; fault: 'query' | 'source'; reason: string };

/** `{a="1",b="2"}`: labels sorted by name, so one series always has one key. */
export function seriesKey(labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(',')}}`;
}

/** Prometheus writes sample values as strings: numbers, `NaN`, `+Inf`, `-Inf`. */
function sampleValue(raw: unknown): number {
  if (typeof raw !== 'string') return Number.NaN;
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  return Number(raw);
}

interface Envelope {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

function parseResult(data: Envelope['data']): QueryOutcome {
  const type = data?.resultType;
  const result = data?.result;
  if (type === 'scalar' && Array.isArray(result))
    return { ok: true, series: [{ key: '{}', value: sampleValue(result[1]) }] };
  if (type === 'vector' && Array.isArray(result)) {
    const series = (result as { metric?: Record<string, string>; value?: unknown[] }[]).map((s) => ({
      key: seriesKey(s.metric ?? {}),
      value: sampleValue(s.value?.[1]),
    }));
    return { ok: true, series };
  }
  if (type === 'matrix')
    return {
      ok: false,
      fault: 'query',
      reason: 'the query returns a range vector; write an instant query (e.g. wrap it in sum() or rate())',
    };
  return { ok: false, fault: 'query', reason: `the query returns a ${String(type)}, not a number per series` };
}

/**
 * Runs `query` as an instant query within `timeoutMs` (also passed to Prometheus). It is evaluated
 * at Prometheus' own "now", not ripcord's clock: the two hosts' clocks may differ, and a poll asks
 * for the latest values whatever they are.
 */
export async function prometheusQuery(
  source: SignalSourceConfig,
  query: string,
  timeoutMs: number,
): Promise<QueryOutcome> {
  const form = new URLSearchParams({ query, timeout: `${timeoutMs}ms` });
  const answer = await requestSource(source, '/api/v1/query', { timeoutMs: timeoutMs + 1000, form });
  if (!answer.ok) return { ok: false, fault: 'source', reason: answer.reason };
  if (answer.status === 401 || answer.status === 403)
    return { ok: false, fault: 'source', reason: `HTTP ${answer.status}: check the source's credentials` };
  let body: Envelope;
  try {
    body = JSON.parse(answer.body) as Envelope;
  } catch {
    return { ok: false, fault: 'source', reason: `HTTP ${answer.status}, not a Prometheus API answer` };
  }
  if (body.status === 'success') return parseResult(body.data);
  const text = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const error = `${text(body.errorType, 'error')}: ${text(body.error, `HTTP ${answer.status}`)}`;
  const queryFault = body.errorType === 'bad_data' || body.errorType === 'execution';
  return { ok: false, fault: queryFault ? 'query' : 'source', reason: `HTTP ${answer.status} ${error}` };
}
