/**
 * A request body to a list of candidate events: a JSON array, or NDJSON (one event per line,
 * blank lines skipped). In NDJSON a line that is not JSON is one rejected event, not a bad batch;
 * a JSON body that does not parse, or is not an array, is a bad batch. `index` in responses is the
 * position in the array, or among the non-blank lines of NDJSON.
 */

/** Largest batch (docs/sdk-protocol.md §6). */
export const MAX_BATCH_EVENTS = 1000;

/** Marks an NDJSON line that did not parse (JSON.parse never yields a class instance). */
export class UnparsableLine {
  readonly message = 'this line is not valid JSON';
}

/** The entries of a batch (values, or {@link UnparsableLine}), or why the batch cannot be read. */
export type ParsedBatch =
  | { ok: true; items: readonly unknown[] }
  | { ok: false; code: 'malformed_json' | 'validation_failed' | 'payload_too_large'; message: string };

const tooMany = (n: number, max: number): ParsedBatch => ({
  ok: false,
  code: 'payload_too_large',
  message: `a batch holds at most ${max} events (got ${n}); split it`,
});

/** Parses a body in the given format. */
export function parseBatch(body: string, format: 'json' | 'ndjson', max = MAX_BATCH_EVENTS): ParsedBatch {
  return format === 'ndjson' ? parseNdjson(body, max) : parseJsonArray(body, max);
}

function parseJsonArray(body: string, max: number): ParsedBatch {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, code: 'malformed_json', message: 'the request body is not valid JSON' };
  }
  if (!Array.isArray(value))
    return {
      ok: false,
      code: 'validation_failed',
      message: 'the body must be a JSON array of events (or NDJSON sent as application/x-ndjson)',
    };
  return value.length > max ? tooMany(value.length, max) : { ok: true, items: value };
}

function parseNdjson(body: string, max: number): ParsedBatch {
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > max) return tooMany(lines.length, max);
  const items = lines.map((line): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      return new UnparsableLine();
    }
  });
  return { ok: true, items };
}
