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
