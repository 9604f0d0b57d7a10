import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from '../src/sync/sse-parser.js';

function parse(chunks: string[]): { messages: SseMessage[]; retries: number[]; comments: string[] } {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const p = new SseParser({
    onMessage: (m) => messages.push(m),
    onRetry: (ms) => retries.push(ms),
    onComment: (c) => comments.push(c),
  });
  for (const c of chunks) p.push(c);
  return { messages, retries, comments };
}

const stream =
  '\ufeff: ping\n\nretry: 250\nevent: snapshot\nid: 7\ndata: {"a":1}\n\nevent: revision\nid: 8\ndata: line1\ndata: line2\n\n: ping\n\ndata: plain\n\n';
const expected = [
  { event: 'snapshot', data: '{"a":1}', lastEventId: '7' },
  { event: 'revision', data: 'line1\nline2', lastEventId: '8' },
  { event: 'message', data: 'plain', lastEventId: '8' },
];

describe('SseParser', () => {
  it('parses events, multi-line data, ids, retry and comments', () => {
    const r = parse([stream]);
    expect(r.messages).toEqual(expected);
    expect(r.retries).toEqual([250]);
    expect(r.comments).toEqual(['ping', 'ping']);
  });

  it('gives the same result however the stream is split, with LF, CRLF or CR line endings', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = stream.replace(/\n/g, eol);
      for (let i = 0; i <= text.length; i++) {
        expect(parse([text.slice(0, i), text.slice(i)]).messages, `${JSON.stringify(eol)} split at ${i}`).toEqual(
          expected,
        );
      }
      expect(parse([...text]).messages).toEqual(expected);
    }
  });

  it('never dispatches a message whose terminating blank line has not arrived', () => {
    expect(parse(['event: revision\nid: 9\ndata: {"trunc']).messages).toEqual([]);
    expect(parse(['event: revision\ndata: {"complete":true}\n']).messages).toEqual([]);
  });

  it('ignores unknown fields and events without data', () => {
    expect(parse(['foo: bar\nevent: x\n\nid: 3\n\ndata: d\n\n']).messages).toEqual([
      { event: 'message', data: 'd', lastEventId: '3' },
    ]);
  });
});

/**
 * A plain reference of the same interpretation (WHATWG event stream, as the SDK applies it): decode
 * the whole byte stream at once (TextDecoder drops one leading BOM), split lines on CRLF, CR or
 * LF, and dispatch at each blank line a message that had at least one `data` line.
 */
function reference(bytes: Uint8Array): { messages: SseMessage[]; retries: number[]; comments: string[] } {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop(); // an unterminated last line never counts
  const r = { messages: [] as SseMessage[], retries: [] as number[], comments: [] as string[] };
  let data: string[] = [];
  let event = '';
  let lastEventId = '';
  for (const line of lines) {
    if (line === '') {
      if (data.length > 0) r.messages.push({ event: event || 'message', data: data.join('\n'), lastEventId });
      data = [];
      event = '';
      continue;
    }
    if (line.startsWith(':')) {
      r.comments.push(line.slice(1).trimStart());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\u0000')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) r.retries.push(Number(value));
  }
  return r;
}

function parseBytes(chunks: Uint8Array[]): ReturnType<typeof reference> {
  return parse(chunks.map((c) => Buffer.from(c)) as unknown as string[]);
}

/** Splits `bytes` at the given offsets (ascending). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SseParser on bytes', () => {
  // Multi-byte UTF-8 (2, 3 and 4 bytes) in data, in an unknown event name and in an id; CRLF
  // endings; a comment; a multi-line message; a leading BOM.
  const text =
    '\ufeff: hi ü\r\nevent: revision\r\nid: 7\r\ndata: {"p":"é-€-😀"}\r\n\r\n' +
    'event: snapshot\r\ndata: a\r\ndata:b\r\ndata\r\n\r\nevent: ünknown\r\nid: ö1\r\ndata: x\r\n\r\n';
  const bytes = new TextEncoder().encode(text);
  const expected = [
    { event: 'revision', data: '{"p":"é-€-😀"}', lastEventId: '7' },
    { event: 'snapshot', data: 'a\nb\n', lastEventId: '7' },
    { event: 'ünknown', data: 'x', lastEventId: 'ö1' },
  ];

  it('matches the reference for the whole stream in one chunk', () => {
    expect(reference(bytes).messages).toEqual(expected);
    const r = parseBytes([bytes]);
    expect(r.messages).toEqual(expected);
    expect(r.comments).toEqual(['hi ü']);
  });

  it('gives the same result split at every byte boundary, into three chunks at every pair, and byte by byte', () => {
    for (let i = 0; i <= bytes.length; i++) {
      expect(parseBytes(splitAt(bytes, [i])).messages, `split at ${i}`).toEqual(expected);
    }
    for (let i = 0; i <= bytes.length; i += 3) {
      for (let j = i; j <= bytes.length; j++) {
        expect(parseBytes(splitAt(bytes, [i, j])).messages, `split at ${i}, ${j}`).toEqual(expected);
      }
    }
    const single = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(parseBytes(splitAt(bytes, single)).messages).toEqual(expected);
  });

  it('agrees with the reference on random streams cut at random places', () => {
    const random = rng(20261122);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const words = ['{"a":1}', 'é😀', 'x', '', ' lead', 'revision', 'snapshot', 'id', 'a:b', '\u0000'];
    const lines = (): string => {
      const kinds = [
        () => `data: ${pick(words)}`,
        () => `data:${pick(words)}`,
        () => 'data',
        () => `event: ${pick(words)}`,
        () => `event:${pick(['revision', 'snapshot', 'revisions', 'snap'])}`,
        () => `id: ${pick(words)}`,
        () => `retry: ${pick(['250', '12x', '', '0'])}`,
        () => `: ${pick(words)}`,
        () => `${pick(['foo', 'dat', 'datax', 'event '])}: ${pick(words)}`,
        () => '',
      ];
      return pick(kinds)();
    };
    for (let round = 0; round < 300; round++) {
      let stream = random() < 0.3 ? '\ufeff' : '';
      const n = 1 + Math.floor(random() * 25);
      for (let i = 0; i < n; i++) stream += lines() + pick(['\n', '\r\n', '\r']);
      if (random() < 0.3) stream += 'data: unterminated';
      const b = new TextEncoder().encode(stream);
      const cuts = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * (b.length + 1))).sort(
        (x, y) => x - y,
      );
      expect(parseBytes(splitAt(b, cuts)), `${JSON.stringify(stream)} cut at ${cuts.join(',')}`).toEqual(reference(b));
    }
  });

  it('treats CR, an empty chunk, then LF as one line end', () => {
    const chunks = ['data: a\r', '', '\ndata: b\r\n', '\r\n'].map((s) => Buffer.from(s));
    expect(parseBytes(chunks).messages).toEqual([{ event: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('drops one leading byte order mark only, even split, and keeps bytes that only look like its start', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.from('data: d\n\n');
    for (const chunks of [
      [bom, body],
      [bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2), body],
      [Buffer.alloc(0), bom.subarray(0, 2), Buffer.concat([bom.subarray(2), body])],
    ]) {
      expect(parseBytes(chunks).messages).toEqual([{ event: 'message', data: 'd', lastEventId: '' }]);
    }
    // A second BOM is part of the first line's field name ("\ufeffdata"), an unknown field.
    expect(parseBytes([bom, bom, Buffer.from('data: d\n\ndata: e\n\n')]).messages).toEqual([
      { event: 'message', data: 'e', lastEventId: '' },
    ]);
    // EF BB without BF: not a BOM; the line is an unknown field and the next message still parses.
    expect(parseBytes([Buffer.from([0xef, 0xbb]), Buffer.from('x\ndata: f\n\n')]).messages).toEqual([
      { event: 'message', data: 'f', lastEventId: '' },
    ]);
  });

  it('reassembles a long data line from many chunks, and copies what it keeps', () => {
    const data = JSON.stringify({ big: 'é'.repeat(50_000) });
    const whole = Buffer.from(`event: revision\nid: 1\ndata: ${data}\n\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < whole.length; i += 1000) chunks.push(Buffer.from(whole.subarray(i, i + 1000)));
    const messages: SseMessage[] = [];
    const p = new SseParser({ onMessage: (m) => messages.push(m) });
    for (const c of chunks) {
      p.push(c);
      c.fill(0x41); // the socket may reuse a chunk's memory: the parser must not depend on it
    }
    expect(messages).toEqual([{ event: 'revision', data, lastEventId: '1' }]);
  });

  it('decodes field values as UTF-8, replacing invalid bytes', () => {
    const r = parseBytes([Buffer.concat([Buffer.from('data: a'), Buffer.from([0xff]), Buffer.from('b\n\n')])]);
    expect(r.messages).toEqual([{ event: 'message', data: 'a\ufffdb', lastEventId: '' }]);
  });

  it('works without comment or retry handlers', () => {
    const messages: SseMessage[] = [];
    const p = new SseParser({ onMessage: (m) => messages.push(m) });
    p.push(Buffer.from(': ping\n\nretry: 10\ndata: x\n\n'));
    expect(messages).toEqual([{ event: 'message', data: 'x', lastEventId: '' }]);
  });
});
