import type { ServerResponse } from 'node:http';
import type { ConfigService } from './config-service.js';

/** Where one client's bytes go: a web ReadableStream, or the raw node response (see `attach`). */
interface Sink {
  /** Queues bytes; false when the client stopped reading (too far behind) or is gone. */
  write(bytes: Uint8Array): boolean;
  close(): void;
}

/** One connected SDK stream. */
interface Client {
  environment: string;
  /** Requested workflows, sorted; undefined = all. Clients with the same filter share messages. */
  workflows: readonly string[] | undefined;
  filterKey: string;
  sink: Sink;
  /** The last revision sent, so a revision is never sent twice nor out of order. */
  sent: number;
}

const retry = Buffer.from('retry: 1000\n\n');
const ping = Buffer.from(': ping\n\n');

/**
 * Server-Sent Events fan-out of configuration revisions (docs/sdk-protocol.md §4). Each revision's
 * snapshot is serialised once per distinct workflow filter and the same bytes are written to every
 * client with that filter; revisions of one environment are processed strictly in order.
 *
 * On the node server, streams are written on the raw response (`attach`): per client and message
 * that is one `write()`, where a web ReadableStream piped by the adapter costs a promise round
 * trip per chunk and client (bench/propagation.bench.ts, BENCHMARKS.md § Propagation). `open`
 * gives the same stream as a ReadableStream for `app.request()` and other fetch-style hosts.
 */
export class SseHub {
  private readonly clients = new Set<Client>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly deps: {
      config: ConfigService;
      heartbeatMs?: number;
      /** A client this many bytes behind is disconnected (it reconnects and gets a fresh snapshot). */
      maxBufferedBytes?: number;
      /** Seconds from a revision's commit to its bytes written to every client waiting for it (metrics). */
      onPropagated?: (seconds: number) => void;
    },
  ) {
    this.maxBufferedBytes = deps.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.unsubscribe = deps.config.subscribe((environment, revision) => this.enqueue(environment, revision));
    this.heartbeat = setInterval(() => this.broadcastRaw(ping), deps.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** Number of connected streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Opens a stream: the current snapshot first (when there is one), then each new revision. */
  open(environment: string, workflows: readonly string[] | undefined): ReadableStream<Uint8Array> {
    let client: Client | undefined;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client = this.add(environment, workflows, {
            write: (bytes) => {
              if ((controller.desiredSize ?? 0) <= 0) return false;
              controller.enqueue(bytes);
              return true;
            },
            close: () => closeQuietly(controller),
          });
        },
        cancel: () => {
          if (client) this.clients.delete(client);
        },
      },
      { highWaterMark: this.maxBufferedBytes, size: (chunk) => chunk.byteLength },
    );
  }

  /**
   * Streams on a node response whose status and headers the caller has already written: the same
   * messages as `open`, written directly. The client leaves when the response closes.
   */
  attach(environment: string, workflows: readonly string[] | undefined, res: ServerResponse): void {
    const client = this.add(environment, workflows, {
      write: (bytes) => {
        if (res.destroyed || res.writableEnded) return false;
        if (res.writableLength > this.maxBufferedBytes) return false;
        res.write(bytes);
        return true;
      },
      close: () => {
        if (!res.writableEnded) res.end();
      },
    });
    res.once('close', () => this.clients.delete(client));
  }

  /** Ends every stream (graceful shutdown) and stops listening. */
  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const c of this.clients) c.sink.close();
    this.clients.clear();
  }

  private add(environment: string, workflows: readonly string[] | undefined, sink: Sink): Client {
    const sorted = workflows && [...new Set(workflows)].sort();
    const c: Client = {
      environment,
      workflows: sorted,
      filterKey: `${environment}|${sorted?.join(',') ?? '*'}`,
      sink,
      sent: 0,
    };
    sink.write(retry);
    this.clients.add(c);
    // Queue the first snapshot behind any revision being sent, so order is kept.
    this.enqueueFor(environment, () => this.sendSnapshot([c], 'snapshot'));
    return c;
  }

  private enqueue(environment: string, revision: number): void {
    const committedAt = performance.now();
    this.enqueueFor(environment, async () => {
      const waiting: Client[] = [];
      for (const c of this.clients) if (c.environment === environment && c.sent < revision) waiting.push(c);
      await this.sendSnapshot(waiting, 'revision');
      if (waiting.length > 0) this.deps.onPropagated?.((performance.now() - committedAt) / 1000);
    });
  }

  private enqueueFor(environment: string, work: () => Promise<void>): void {
    const previous = this.queues.get(environment) ?? Promise.resolve();
    const next = previous.then(work).catch(() => undefined);
    this.queues.set(environment, next);
  }

  private async sendSnapshot(clients: Client[], event: 'snapshot' | 'revision'): Promise<void> {
    const groups = new Map<string, Client[]>();
    for (const c of clients) {
      const group = groups.get(c.filterKey);
      if (group) group.push(c);
      else groups.set(c.filterKey, [c]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const snapshot = await this.deps.config.snapshot(first.environment, first.workflows);
      if (snapshot.revision === 0) continue;
      const bytes = Buffer.from(`event: ${event}\nid: ${snapshot.revision}\ndata: ${JSON.stringify(snapshot)}\n\n`);
      for (const c of group) {
        if (event === 'revision' && c.sent >= snapshot.revision) continue;
        if (this.send(c, bytes)) c.sent = snapshot.revision;
      }
    }
  }

  private broadcastRaw(bytes: Uint8Array): void {
    for (const c of this.clients) this.send(c, bytes);
  }

  /** Writes bytes to a client; drops a client that stopped reading. */
  private send(c: Client, bytes: Uint8Array): boolean {
    let ok = false;
    try {
      ok = c.sink.write(bytes);
    } catch {
      // a closed stream or socket: treated like a client that stopped reading
    }
    if (!ok) {
      this.clients.delete(c);
      c.sink.close();
    }
    return ok;
  }
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // already closed or errored: nothing to do
  }
}
