/**
 * Configuration revisions committed by any replica reach this replica's SDK streams (ADR 0014):
 * the `ripcord_config_notify` trigger (migration 0004) NOTIFYs `ripcord_config` with each
 * revision's environment as it commits, and every replica LISTENs on a connection of its own. A
 * notification only says where to look: the replica reads the revisions after the head it has
 * from the store, in order (`ConfigService.catchUp`), so a lost notification or a broken LISTEN
 * connection loses nothing — on every (re)connect it catches up on every environment it serves.
 */
import pg from 'pg';
import type { Logger } from '../../logger.js';
import type { ConfigService } from './config-service.js';

/** Listens for revisions of other replicas until {@link RevisionFeed.stop}. */
export class RevisionFeed {
  private client: pg.Client | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(
    private readonly deps: { databaseUrl: string; config: ConfigService; logger: Logger; maxBackoffMs?: number },
  ) {}

  /** Resolves once listening (the first time); later reconnects happen in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.deps.databaseUrl, keepAlive: true });
    client.on('notification', (message) => {
      const environment = parseEnvironment(message.payload);
      this.catchUp(environment);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      this.retry();
    };
    client.on('error', (error) => {
      this.deps.logger.warn({ err: error }, 'configuration feed: LISTEN connection lost; reconnecting');
      lost();
    });
    client.on('end', lost);
    await client.connect();
    await client.query(`set application_name = 'ripcord revision feed'`);
    await client.query('listen ripcord_config');
    this.client = client;
    this.attempt = 0;
    // Whatever committed while this replica was not listening.
    this.catchUp(undefined);
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = Math.min(this.deps.maxBackoffMs ?? 5000, 100 * 2 ** this.attempt++);
    this.timer = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'configuration feed: cannot LISTEN; retrying');
        this.retry();
      });
    }, delay);
    this.timer.unref();
  }

  private catchUp(environment: string | undefined): void {
    this.deps.config.catchUp(environment).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, environment }, 'configuration feed: catch-up failed; retrying');
      this.timer = setTimeout(() => this.catchUp(environment), 1000);
      this.timer.unref();
    });
  }
}

function parseEnvironment(payload: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(payload ?? '') as { environment?: unknown };
    return typeof parsed.environment === 'string' ? parsed.environment : undefined;
  } catch {
    return undefined;
  }
}
