/**
 * Incremental reader of one HTTP/1.1 response, fed the raw bytes of the socket as they arrive
 * (docs/sdk-protocol.md §4: the stream is one long GET). It parses the status line and headers,
 * then hands on the body bytes, undoing `Transfer-Encoding: chunked`, counting `Content-Length`,
 * or reading until the connection closes.
 *
 * The stream reads its socket with this rather than node:http because one process may hold
 * thousands of streams (the propagation benchmark): node's client copies every read into a fresh
 * buffer and pushes it through two readable streams (the socket and the response), with a
 * `nextTick` per read; here the socket reads into one reused buffer and the body bytes go
 * straight to the SSE parser without copies.
 *
 * A closure rather than a class: its state minifies to one-letter names (the SDK has a size budget).
 */

/** Callbacks of {@link createResponseReader}. */
export interface ResponseHandlers {
  /** Status and headers are complete (names lower-cased; repeated headers joined with `, `). */
  onHead(status: number, headers: Readonly<Record<string, string>>): void;
  /** Body bytes `buf[start, end)`; the buffer is only valid during the call. */
  onBody(buf: Buffer, start: number, end: number): void;
  /** The body is complete: its last chunk (trailers are not read) or `Content-Length` arrived. */
  onEnd(): void;
}

/** Feeds `buf[start, end)` to a response reader; throws on a malformed response (the reader is then unusable). */
export type ResponseReader = (buf: Buffer, start: number, end: number) => void;

const LF = 10;
const CR = 13;
/** A response head larger than this is refused (node's own limit is 16 kB). */
const MAX_HEAD = 65_536;
/** Chunk sizes past this are refused (the size is read digit by digit into a number). */
const MAX_CHUNK = 2 ** 40;

/** Reader states. */
const HEAD = 0;
/** A chunk size line: hex digits, then extensions (skipped). */
const SIZE = 1;
/** Inside a chunk's data, `left` bytes to go. */
const DATA = 2;
/** The CRLF after a chunk's data. */
const DATA_END = 3;
/** A `Content-Length` body, `left` bytes to go. */
const LENGTH = 4;
const UNTIL_CLOSE = 5;
const DONE = 6;

function malformed(what: string): Error {
  return new Error(`malformed HTTP response: ${what}`);
}

/** Status and lower-cased headers of a response head (without its blank line). */
function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const lines = head.split(/\r?\n/);
  const match = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]!);
  if (match === null) throw malformed(`status line ${JSON.stringify(lines[0]!.slice(0, 40))}`);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('header line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(match[1]), headers };
}

function hexDigit(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** A reader of one response. */
export function createResponseReader(handlers: ResponseHandlers): ResponseReader {
  let state = HEAD;
  /** Head bytes so far, as latin1 text (one character per byte). */
  let head = '';
  /** Bytes left in the chunk or body; in `SIZE`, the size read so far. */
  let left = 0;
  /** Hex digits read on this size line; -1 once past them (extensions). */
  let digits = 0;

  const end = (): void => {
    state = DONE;
    handlers.onEnd();
  };

  /** Reads head bytes from `pos`; returns where the body starts, or `to` if the head is not complete. */
  const readHead = (buf: Buffer, pos: number, to: number): number => {
    const before = head.length;
    head += buf.toString('latin1', pos, to);
    const blank = /\r?\n\r?\n/.exec(head);
    if (blank === null) {
      if (head.length > MAX_HEAD) throw malformed('head too large');
      return to;
    }
    const { status, headers } = parseHead(head.slice(0, blank.index));
    const next = pos + blank.index + blank[0].length - before;
    head = '';
    // 1xx interim responses (100 Continue, 103 Early Hints) come before the real one.
    if (status >= 100 && status < 200 && status !== 101) return next;
    const coding = headers['transfer-encoding'];
    const length = headers['content-length'];
    if (coding !== undefined) state = /(^|,)\s*chunked\s*$/i.test(coding) ? SIZE : UNTIL_CLOSE;
    else if (length === undefined) state = UNTIL_CLOSE;
    else if (/^\d+$/.test(length)) {
      state = LENGTH;
      left = Number(length);
    } else throw malformed(`content-length ${length}`);
    handlers.onHead(status, headers);
    if (state === LENGTH && left === 0) end();
    return next;
  };

  /** One byte of a chunk size line. */
  const sizeByte = (byte: number): void => {
    if (byte === LF) {
      if (digits === 0) throw malformed('empty chunk size');
      digits = 0;
      // The last chunk ends the body; its trailers are not read (the stream is over).
      if (left === 0) end();
      else state = DATA;
      return;
    }
    if (digits < 0 || byte === CR) return;
    const digit = hexDigit(byte);
    if (digit >= 0) {
      left = left * 16 + digit;
      digits++;
      if (left > MAX_CHUNK) throw malformed('chunk too large');
    } else if (byte === 0x3b || byte === 0x20 || byte === 0x09) {
      // `;name=value` chunk extensions, and whitespace before them, are ignored.
      if (digits === 0) throw malformed('empty chunk size');
      digits = -1;
    } else {
      throw malformed('chunk size');
    }
  };

  return (buf, pos, to) => {
    while (pos < to && state !== DONE) {
      if (state === HEAD) {
        pos = readHead(buf, pos, to);
      } else if (state === UNTIL_CLOSE) {
        handlers.onBody(buf, pos, to);
        pos = to;
      } else if (state === DATA || state === LENGTH) {
        const n = Math.min(left, to - pos);
        left -= n;
        if (n > 0) handlers.onBody(buf, pos, pos + n);
        pos += n;
        if (left === 0) {
          if (state === LENGTH) end();
          else state = DATA_END;
        }
      } else if (state === SIZE) {
        sizeByte(buf[pos++]!);
      } else {
        // DATA_END: CRLF (or a bare LF) after the chunk's data.
        const byte = buf[pos++]!;
        if (byte === LF) state = SIZE;
        else if (byte !== CR) throw malformed('no CRLF after chunk data');
      }
    }
  };
}
