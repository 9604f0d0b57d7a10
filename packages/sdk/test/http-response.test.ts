import { describe, expect, it } from 'vitest';
import { createResponseReader } from '../src/sync/http-response.js';

interface Read {
  heads: Array<{ status: number; headers: Readonly<Record<string, string>> }>;
  body: string;
  ends: number;
}

/**
 * Feeds `pieces` one after the other, each copied into the same reused buffer (as the socket's
 * shared read buffer is) with junk after it, and records what the reader reported.
 */
function read(pieces: Buffer[]): Read {
  const r: Read = { heads: [], body: '', ends: 0 };
  const reader = createResponseReader({
    onHead: (status, headers) => r.heads.push({ status, headers }),
    onBody: (buf, start, end) => (r.body += buf.toString('latin1', start, end)),
    onEnd: () => r.ends++,
  });
  const shared = Buffer.alloc(4096);
  for (const piece of pieces) {
    shared.fill(0x78); // 'x': whatever a previous read left behind
    piece.copy(shared);
    reader(shared, 0, piece.length);
  }
  return r;
}

/** Every way to cut `text` in two, and byte by byte. */
function splits(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'latin1');
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

/** A chunk of latin1 `data` with its size in hex (upper case) and `extension` after it. */
const chunk = (data: string, extension = ''): string =>
  `${data.length.toString(16).toUpperCase()}${extension}\r\n${data}\r\n`;

const chunked =
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n' +
  chunk('hello') +
  chunk(', world! ....\n', ';name=value') +
  chunk('data: {"é":"\u00ff"}\n\n: ping\n\n', ' ') +
  '0\r\nTrailer: x\r\n\r\n' +
  'HTTP/1.1 200 OK\r\n'; // bytes after the response are not read

describe('HTTP response reader', () => {
  it('decodes a chunked body (extensions, trailers) however the bytes are cut', () => {
    const body = 'hello, world! ....\ndata: {"é":"\u00ff"}\n\n: ping\n\n';
    for (const pieces of splits(chunked)) {
      const r = read(pieces);
      expect(r.heads).toEqual([
        {
          status: 200,
          headers: { 'content-type': 'text/event-stream', 'transfer-encoding': 'chunked', 'x-a': '1, 2' },
        },
      ]);
      expect(r.body).toBe(body);
      expect(r.ends).toBe(1);
    }
  });

  it('reads a Content-Length body and stops there; an empty one ends at once', () => {
    const text = 'HTTP/1.0 404 Not Found\ncontent-length: 7\n\nmissingEXTRA';
    for (const pieces of splits(text)) {
      const r = read(pieces);
      expect(r.heads.map((h) => h.status)).toEqual([404]);
      expect([r.body, r.ends]).toEqual(['missing', 1]);
    }
    const empty = read([Buffer.from('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n')]);
    expect([empty.heads[0]?.status, empty.body, empty.ends]).toEqual([401, '', 1]);
  });

  it('reads a body without length or chunking until the connection closes', () => {
    for (const pieces of splits('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\ndata: a\n\ndata: b')) {
      const r = read(pieces);
      expect([r.heads.length, r.body, r.ends]).toEqual([1, 'data: a\n\ndata: b', 0]);
    }
  });

  it('skips interim 1xx responses', () => {
    const r = read([
      Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n'),
      Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'),
    ]);
    expect(r.heads.map((h) => h.status)).toEqual([200]);
    expect(r.body).toBe('ok');
  });

  it('rejects malformed responses with a precise error', () => {
    const cases: Array<[string, RegExp]> = [
      ['SSH-2.0-OpenSSH\r\n\r\n', /status line "SSH-2.0-OpenSSH"/],
      ['HTTP/2 200\r\n\r\n', /status line/],
      ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /header line$/],
      ['HTTP/1.1 200 OK\r\ncontent-length: 12x\r\n\r\n', /content-length 12x/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', /chunk size/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n\r\n', /empty chunk size/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n;x\r\n', /empty chunk size/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc', /no CRLF after chunk data/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nfffffffffffffff\r\n', /chunk too large/],
    ];
    for (const [text, error] of cases) expect(() => read([Buffer.from(text, 'latin1')]), text).toThrow(error);
    const endless = Array.from({ length: 20 }, () => Buffer.from(`x-pad: ${'p'.repeat(4000)}\r\n`));
    expect(() => read([Buffer.from('HTTP/1.1 200 OK\r\n'), ...endless])).toThrow(/head too large/);
  });
});
