/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation"), fed the raw bytes
 * of the stream as they arrive. Chunks may split lines, messages and UTF-8 sequences anywhere; a
 * message is dispatched only at its terminating blank line, so a connection that dies mid-message
 * dispatches nothing of it (a truncated message can never be applied).
 *
 * It works on the bytes rather than on decoded text because one process may hold thousands of
 * streams (the propagation benchmark): it finds line ends with `Buffer#indexOf` (CR and LF are
 * ASCII, so never part of a multi-byte sequence), recognises field names by their bytes and
 * decodes only field values, so a message that arrives in one chunk costs one string for its data
 * and nothing for its framing. Only a line that spans chunks is copied.
 */

/** One dispatched SSE message. */
export interface SseMessage {
  /** `event:` field, `message` when absent. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream (persists across messages, per the spec). */
  lastEventId: string;
}

/** Callbacks of {@link SseParser}. */
export interface SseHandlers {
  onMessage(message: SseMessage): void;
  /** A `retry:` field with a valid integer. */
  onRetry?(ms: number): void;
  /** Any comment line (heartbeats are `: ping`). */
  onComment?(text: string): void;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const BOM = [0xef, 0xbb, 0xbf];

/** Whether `buf[start, end)` starts with the ASCII text `ascii`. */
function startsWith(buf: Buffer, start: number, end: number, ascii: string): boolean {
  const n = ascii.length;
  if (end - start < n) return false;
  for (let i = 0; i < n; i++) if (buf[start + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Whether the line `buf[start, end)` is the field `name` (the name followed by a colon or the line end). */
function isField(buf: Buffer, start: number, end: number, name: string): boolean {
  const n = name.length;
  return startsWith(buf, start, end, name) && (end - start === n || buf[start + n] === COLON);
}

/** Where the value after a field name ending at `at` starts: past the colon and one optional space. */
function valueStart(buf: Buffer, at: number, end: number): number {
  return at + 1 < end && buf[at + 1] === SPACE ? at + 2 : at + 1;
}

/** The protocol's event names, recognised by their bytes (no decoding for the common case). */
const EVENTS = ['revision', 'snapshot'];

function knownEvent(buf: Buffer, start: number, end: number): string | undefined {
  for (const name of EVENTS) if (end - start === name.length && startsWith(buf, start, end, name)) return name;
  return undefined;
}

/** The value after a field name ending at `at`, decoded. */
function fieldValue(buf: Buffer, at: number, end: number): string {
  const start = valueStart(buf, at, end);
  return start >= end ? '' : buf.toString('utf8', start, end);
}

/** Parses an SSE byte stream. */
export class SseParser {
  /** Bytes of an unterminated line carried over from earlier chunks (copies, not views). */
  private partial: Buffer[] = [];
  /** `data:` lines of the current message joined with `\n`; undefined before the first one. */
  private data: string | undefined;
  private event = '';
  private lastEventId = '';
  /** The previous chunk ended in CR: a LF starting the next one belongs to that line end. */
  private sawCr = false;
  /** Bytes at the start of the stream while they may still be a split byte order mark; then undefined. */
  private head: Buffer | undefined = Buffer.alloc(0);

  constructor(private readonly handlers: SseHandlers) {}

  /** Feeds the next chunk of bytes (a string is encoded as UTF-8 first). */
  push(chunk: Buffer | string): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.head !== undefined) {
      // A UTF-8 byte order mark is ignored once at the very start; it may arrive split.
      if (this.head.length > 0) buf = Buffer.concat([this.head, buf]);
      const n = Math.min(3, buf.length);
      let bom = true;
      for (let i = 0; i < n; i++) if (buf[i] !== BOM[i]) bom = false;
      if (bom && n < 3) {
        this.head = Buffer.from(buf);
        return;
      }
      this.head = undefined;
      if (bom) buf = buf.subarray(3);
    }
    const length = buf.length;
    if (length === 0) return;
    // A CR at the end of the previous chunk already ended a line; skip its LF half.
    let pos = this.sawCr && buf[0] === LF ? 1 : 0;
    this.sawCr = false;
    // Positions of the next CR and LF at or after `pos` (-1: none in this chunk), each found once.
    let cr = buf.indexOf(CR, pos);
    let lf = buf.indexOf(LF, pos);
    while (pos < length) {
      if (cr >= 0 && cr < pos) cr = buf.indexOf(CR, pos);
      if (lf >= 0 && lf < pos) lf = buf.indexOf(LF, pos);
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (end < 0) {
        // An unterminated line: keep a copy (the chunk's memory is not ours to hold on to).
        this.partial.push(Buffer.from(buf.subarray(pos)));
        return;
      }
      if (this.partial.length > 0) {
        this.partial.push(buf.subarray(pos, end));
        const line = Buffer.concat(this.partial);
        this.partial = [];
        this.line(line, 0, line.length);
      } else {
        this.line(buf, pos, end);
      }
      pos = end + 1;
      if (end === cr) {
        if (pos === length) this.sawCr = true;
        else if (buf[pos] === LF) pos++;
      }
    }
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (start === end) return this.dispatch();
    if (buf[start] === COLON) {
      if (this.handlers.onComment !== undefined)
        this.handlers.onComment(buf.toString('utf8', start + 1, end).trimStart());
      return;
    }
    if (isField(buf, start, end, 'data')) {
      const value = fieldValue(buf, start + 4, end);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    } else if (isField(buf, start, end, 'event')) {
      this.event = knownEvent(buf, valueStart(buf, start + 5, end), end) ?? fieldValue(buf, start + 5, end);
    } else if (isField(buf, start, end, 'id')) {
      const value = fieldValue(buf, start + 2, end);
      if (!value.includes('\u0000')) this.lastEventId = value;
    } else if (isField(buf, start, end, 'retry')) {
      const value = fieldValue(buf, start + 5, end);
      if (/^\d+$/.test(value)) this.handlers.onRetry?.(Number(value));
    }
    // Unknown fields are ignored, per the spec.
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event || 'message';
    this.data = undefined;
    this.event = '';
    if (data !== undefined) this.handlers.onMessage({ event, data, lastEventId: this.lastEventId });
  }
}
