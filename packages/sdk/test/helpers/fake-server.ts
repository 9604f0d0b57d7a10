/**
 * A small real HTTP server on 127.0.0.1 speaking the SDK protocol (docs/sdk-protocol.md): SSE
 * stream, ETag polling and event ingest, with knobs to misbehave (corrupt messages, dropped
 * connections, blocked streaming, scripted ingest failures). Integration tests later run the SDK
 * against the real server instead.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConfigSnapshot, IngestEvent } from '@ripcord/protocol';

/** A scripted ingest response. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One received `POST /v1/events`. */
export interface ReceivedBatch {
  idempotencyKey: string | undefined;
  body: string;
  events: IngestEvent[];
}

/** Options of {@link FakeServer.start}. */
export interface FakeServerOptions {
  token?: string;
  snapshot?: ConfigSnapshot;
  /** `sse` (default), `blocked` (stream answers 404, like a proxy that strips SSE), `silent` (200 but never writes). */
  streamMode?: 'sse' | 'blocked' | 'silent';
  port?: number;
}

/** The fake server. */
export class FakeServer {
  readonly streams = new Set<ServerResponse>();
  readonly streamConnects: Array<{ lastEventId: string | undefined; query: URLSearchParams }> = [];
  readonly polls: Array<{ ifNoneMatch: string | undefined; status: number }> = [];
  readonly batches: ReceivedBatch[] = [];
  readonly ingestScript: ScriptedResponse[] = [];
  snapshot: ConfigSnapshot | undefined;
  streamMode: 'sse' | 'blocked' | 'silent';
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly token: string;

  private constructor(o: FakeServerOptions) {
    this.token = o.token ?? 'sdk-token';
    this.snapshot = o.snapshot;
    this.streamMode = o.streamMode ?? 'sse';
    this.port = o.port ?? 0;
  }

  /** Starts a server on 127.0.0.1 (port 0 = any free port). */
  static async start(o: FakeServerOptions = {}): Promise<FakeServer> {
    const s = new FakeServer(o);
    await s.listen();
    return s;
  }

  /** Base URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every event received, in order. */
  get events(): IngestEvent[] {
    return this.batches.flatMap((b) => b.events);
  }

  /** Sets the current snapshot and sends it as a `revision` event to every open stream. */
  publish(snapshot: ConfigSnapshot): void {
    this.snapshot = snapshot;
    this.sendRaw(`event: revision\nid: ${snapshot.revision}\ndata: ${JSON.stringify(snapshot)}\n\n`);
  }

  /** Writes raw text to every open stream (for corrupt or split messages). */
  sendRaw(text: string): void {
    for (const res of this.streams) res.write(text);
  }

  /** Destroys open stream connections (the server keeps running). */
  dropStreams(): void {
    for (const res of this.streams) res.socket?.destroy();
    this.streams.clear();
  }

  /** Listens again on the same port after {@link stop}. */
  async listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address === 'object' && address !== null) this.port = address.port;
    this.server = server;
  }

  /** Kills the server: closes the listener and destroys every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.streams.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHORIZED"}}');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/sdk/stream') return this.stream(req, res, url);
    if (req.method === 'GET' && url.pathname === '/v1/sdk/config') return this.config(req, res);
    if (req.method === 'POST' && url.pathname === '/v1/events') return this.ingest(req, res);
    res.writeHead(404).end();
  }

  private stream(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const lastEventId = req.headers['last-event-id'];
    this.streamConnects.push({
      lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
      query: url.searchParams,
    });
    if (this.streamMode === 'blocked') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    if (this.streamMode === 'silent') return;
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    if (this.snapshot !== undefined) {
      res.write(`event: snapshot\nid: ${this.snapshot.revision}\ndata: ${JSON.stringify(this.snapshot)}\n\n`);
    }
  }

  private config(req: IncomingMessage, res: ServerResponse): void {
    const ifNoneMatch = req.headers['if-none-match'];
    const snapshot = this.snapshot;
    const etag = snapshot === undefined ? undefined : `"${snapshot.revision}"`;
    const status = snapshot === undefined ? 503 : ifNoneMatch === etag ? 304 : 200;
    this.polls.push({ ifNoneMatch, status });
    if (status !== 200 || etag === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(JSON.stringify(snapshot));
  }

  private ingest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const scripted = this.ingestScript.shift();
      const key = req.headers['idempotency-key'];
      const events = JSON.parse(body) as IngestEvent[];
      this.batches.push({
        idempotencyKey: typeof key === 'string' ? key : undefined,
        body,
        events: scripted === undefined || scripted.status === 202 ? events : [],
      });
      const response = scripted ?? { status: 202, body: { accepted: events.length, rejected: [] } };
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      res.end(response.body === undefined ? '' : JSON.stringify(response.body));
    });
  }
}
