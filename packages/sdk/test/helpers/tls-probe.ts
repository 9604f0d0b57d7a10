/**
 * Child process of stream-connection.test.ts: one stream attempt against the https URL in argv
 * (trusted through NODE_EXTRA_CA_CERTS, which node reads only at start); prints what it got as JSON.
 */
import type { SseMessage } from '../../src/sync/sse-parser.js';
import { runStream } from '../../src/sync/stream-connection.js';

const messages: SseMessage[] = [];
const result = await runStream({
  url: new URL(`${process.argv[2]}/v1/sdk/stream?environment=production`),
  headers: { authorization: 'Bearer t0k' },
  connectTimeoutMs: 5000,
  idleTimeoutMs: 5000,
  signal: new AbortController().signal,
  onMessage: (m) => messages.push(m),
  onRetry: () => undefined,
});
const { opened, status, reason } = result;
process.stdout.write(JSON.stringify({ result: { opened, status, reason, error: result.error?.message }, messages }));
