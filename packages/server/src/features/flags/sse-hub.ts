import type { ConfigService } from './config-service.js';

/** One connected SDK stream. */
interface Client {
  environment: string;
  /** Requested workflows, sorted; undefined = all. Clients with the same filter share messages. */
  workflows: readonly string[] | undefined;
  filterKey: string;
  controller: ReadableStreamDefaultController<Uint8Array>;
  /** The last revision sent, so a revision is never sent twice nor out of order. */
  sent: number;
}

const encoder = new TextEncoder();
const ping = encoder.encode(': ping\n\n');

/**
 * Server-Sent Events fan-out of configuration revisions (docs/sdk-protocol.md §4). Each revision's
 * snapshot is serialised once per distinct workflow filter and the same bytes are queued to every
 * client with that filter; revisions of one environment are processed strictly in order.
 */
export class SseHub {
  private readonly clients = new Set<Client>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: {
      config: ConfigService;
      heartbeatMs?: number;
      /** A client this many bytes behind is disconnected (it reconnects and gets a fresh snapshot). */
      maxBufferedBytes?: number;
    },
  ) {
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
    const sorted = workflows && [...new Set(workflows)].sort();
    let client: Client | undefined;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          const c: Client = {
            environment,
            workflows: sorted,
            filterKey: `${environment}|${sorted?.join(',') ?? '*'}`,
            controller,
            sent: 0,
          };
          client = c;
          controller.enqueue(encoder.encode('retry: 1000\n\n'));
          this.clients.add(c);
          // Queue the first snapshot behind any revision being sent, so order is kept.
          this.enqueueFor(environment, () => this.sendSnapshot([c], 'snapshot'));
        },
        cancel: () => {
          if (client) this.clients.delete(client);
        },
      },
      { highWaterMark: this.deps.maxBufferedBytes ?? 4 * 1024 * 1024, size: (chunk) => chunk.byteLength },
    );
  }

  /** Ends every stream (graceful shutdown) and stops listening. */
  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const c of this.clients) closeQuietly(c.controller);
    this.clients.clear();
  }

  private enqueue(environment: string, revision: number): void {
    this.enqueueFor(environment, async () => {
      const waiting = [...this.clients].filter((c) => c.environment === environment && c.sent < revision);
      await this.sendSnapshot(waiting, 'revision');
    });
  }

  private enqueueFor(environment: string, work: () => Promise<void>): void {
    const previous = this.queues.get(environment) ?? Promise.resolve();
    const next = previous.then(work).catch(() => undefined);
    this.queues.set(environment, next);
  }

  private async sendSnapshot(clients: Client[], event: 'snapshot' | 'revision'): Promise<void> {
    const groups = new Map<string, Client[]>();
    for (const c of clients) groups.set(c.filterKey, [...(groups.get(c.filterKey) ?? []), c]);
    for (const group of groups.values()) {
      const first = group[0]!;
      const snapshot = await this.deps.config.snapshot(first.environment, first.workflows);
      if (snapshot.revision === 0) continue;
      const bytes = encoder.encode(`event: ${event}\nid: ${snapshot.revision}\ndata: ${JSON.stringify(snapshot)}\n\n`);
      for (const c of group) {
        if (event === 'revision' && c.sent >= snapshot.revision) continue;
        if (this.send(c, bytes)) c.sent = snapshot.revision;
      }
    }
  }

  private broadcastRaw(bytes: Uint8Array): void {
    for (const c of this.clients) this.send(c, bytes);
  }

  /** Queues bytes to a client; drops a client that stopped reading. */
  private send(c: Client, bytes: Uint8Array): boolean {
    if ((c.controller.desiredSize ?? 0) <= 0) {
      this.clients.delete(c);
      closeQuietly(c.controller);
      return false;
    }
    try {
      c.controller.enqueue(bytes);
      return true;
    } catch {
      this.clients.delete(c);
      return false;
    }
  }
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // already closed or errored: nothing to do
  }
}
