/**
 * One poll of `GET /v1/sdk/config` with `If-None-Match` (docs/sdk-protocol.md §5): the fallback
 * that keeps an SDK current when streaming is blocked by a proxy or the stream keeps failing.
 */

/** The outcome of one poll. Never an exception. */
export type PollResult =
  | { kind: 'snapshot'; text: string; etag: string | undefined }
  | { kind: 'not-modified' }
  | { kind: 'error'; status: number | undefined; error: Error | undefined };

/** Options of {@link pollConfig}. */
export interface PollOptions {
  url: URL;
  headers: Record<string, string>;
  etag: string | undefined;
  timeoutMs: number;
  signal: AbortSignal;
  fetch: typeof fetch;
}

/** Fetches the configuration snapshot unless it still matches `etag`. */
export async function pollConfig(opts: PollOptions): Promise<PollResult> {
  const headers: Record<string, string> = { ...opts.headers, accept: 'application/json' };
  if (opts.etag !== undefined) headers['if-none-match'] = opts.etag;
  try {
    const res = await opts.fetch(opts.url, {
      headers,
      signal: AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]),
    });
    if (res.status === 304) {
      await res.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      return { kind: 'error', status: res.status, error: undefined };
    }
    return { kind: 'snapshot', text: await res.text(), etag: res.headers.get('etag') ?? undefined };
  } catch (error) {
    return { kind: 'error', status: undefined, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
