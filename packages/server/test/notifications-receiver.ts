import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import {
  standardWebhookSecret,
  verifyWebhookSignature,
  type SignatureCheck,
} from '../src/features/notifications/webhook-signature.js';

/** One request the receiver got. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  signature: SignatureCheck | null;
  /**
   * The Standard Webhooks signature checked by the `standardwebhooks` package (an independent
   * implementation): it signs `webhook-id`.`webhook-timestamp`.body itself and the header must
   * carry that value. Null without a secret. (Its `verify` also checks the timestamp against the
   * real clock, which the tests' manual clock is far from, so the signature is compared directly.)
   */
  standard: boolean | null;
}

/** Whether the request's Standard Webhooks headers carry the signature the package computes. */
function standardSignatureOk(headers: http.IncomingHttpHeaders, body: string, secret: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = new Webhook(standardWebhookSecret(secret)).sign(id, new Date(Number(timestamp) * 1000), body);
  return signature.split(' ').includes(expected);
}

/**
 * How the receiver answers its n-th request (1-based): a status; `hang` (never answers until
 * released); or `process-then-hang` (processes the delivery, then its answer never arrives).
 */
export type Script = (n: number, req: Received) => number | 'hang' | 'process-then-hang';

/**
 * A webhook receiver on 127.0.0.1 that does what a well-behaved one should: verify the signature
 * (when given a secret), and process each Idempotency-Key once — `deliveries` holds the logical
 * deliveries, `requests` every attempt.
 */
export interface Receiver {
  url: string;
  requests: Received[];
  deliveries: Map<string, string>;
  /** Answers every hanging request with `status`. */
  release(status?: number): void;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startReceiver(
  options: { script?: Script; secret?: string; now?: () => Date } = {},
): Promise<Receiver> {
  const requests: Received[] = [];
  const deliveries = new Map<string, string>();
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['x-ripcord-signature'];
      const signature = options.secret
        ? verifyWebhookSignature({
            header: typeof header === 'string' ? header : undefined,
            body,
            secret: options.secret,
            now: options.now?.() ?? new Date(),
          })
        : null;
      const standard = options.secret ? standardSignatureOk(req.headers, body, options.secret) : null;
      const received: Received = { headers: req.headers, body, signature, standard };
      requests.push(received);
      const answer = (options.script ?? (() => 200))(requests.length, received);
      const key = req.headers['idempotency-key'];
      const accepted = typeof key === 'string' && (signature === null || signature.ok);
      // Processing is idempotent by key: a redelivery is recognised and not processed again.
      if (accepted && answer !== 'hang' && (answer === 'process-then-hang' || answer < 300) && !deliveries.has(key))
        deliveries.set(key, body);
      if (answer === 'hang' || answer === 'process-then-hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    deliveries,
    release: (status = 200) => {
      for (const res of hanging.splice(0)) if (!res.destroyed) res.writeHead(status).end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging.splice(0)) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `condition` until it holds; fails the test if it never does (no timing is asserted). */
export async function until(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
