/**
 * A small local HTTP "model route" on loopback: `POST /v1/invoke` answers like the model of one
 * bundle would (per its {@link ModelBehaviour}), `GET /healthz` says it is loaded. The latency in
 * an answer is simulated time, reported rather than slept, so the demo can run time fast.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerPricing,
  answerSummary,
  type ModelBehaviour,
  type PricingRequest,
  type SummaryRequest,
} from './model-behaviour.js';

/** A running model service. */
export interface ModelService {
  /** The model it serves, e.g. `claude-sonnet-5` or `demand-gbm-42`. */
  model: string;
  url: string;
  port: number;
  /** Requests answered so far (including errors). */
  served(): number;
  close(): Promise<void>;
}

/** Where and what to serve. */
export interface ModelServiceOptions {
  model: string;
  behaviour: ModelBehaviour;
  seed: number;
  /** A fixed port (e.g. the health URL a bundle declares); 0 or absent picks a free one. */
  port?: number;
}

/** The port was taken: the caller decides whether to fall back to a free port. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`127.0.0.1:${port} is already in use`);
    this.name = 'PortInUseError';
  }
}

/** Starts a model service on 127.0.0.1. Rejects with {@link PortInUseError} when a fixed port is taken. */
export async function startModelService(options: ModelServiceOptions): Promise<ModelService> {
  let served = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      send(res, 200, { status: 'ok', model: options.model });
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/invoke') {
      send(res, 404, { error: 'not found' });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      served += 1;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        const answer =
          options.behaviour.kind === 'summary'
            ? answerSummary(options.behaviour, body as SummaryRequest, options.seed)
            : answerPricing(options.behaviour, body as PricingRequest, options.seed);
        if (answer.ok) send(res, 200, answer.answer);
        else send(res, 503, { error: 'upstream overloaded', latencyMs: answer.latencyMs });
      } catch {
        send(res, 400, { error: 'bad request' });
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 0) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    model: options.model,
    url: `http://127.0.0.1:${port}`,
    port,
    served: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
