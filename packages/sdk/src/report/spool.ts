/**
 * The optional on-disk spool (`report.spoolFile`, docs/sdk.md "Spool"): what the reporter has not
 * delivered — the batch in flight with its Idempotency-Key, then the buffered events — so a process
 * restart during an outage loses none of it. Written atomically (temp file + rename), one write at
 * a time, before each batch is sent, after each batch ends, and at most once per flush interval
 * while events arrive; read once at start. A batch read back is sent again under its own key, so a
 * batch the server had already taken is answered from its idempotency record, not counted twice.
 * Bounded by `report.spoolMaxBytes`: the oldest events that fit are written, the rest counted.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { EventBatchItem } from '@ripcord/protocol';

/** A batch as it is sent (its exact body and key). */
export interface SpooledBatch {
  key: string;
  body: string;
  count: number;
}

/** What a spool file holds. */
export interface SpoolContent {
  batch: SpooledBatch | null;
  events: EventBatchItem[];
}

/** Reads the spool left by an earlier process; empty when there is none or it is unreadable. */
export function readSpool(path: string): SpoolContent & { error?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { batch: null, events: [] };
  }
  try {
    const parsed = JSON.parse(text) as Partial<SpoolContent> & { format?: number };
    if (parsed.format !== 1 || !Array.isArray(parsed.events)) throw new Error('unknown spool format');
    return { batch: parsed.batch ?? null, events: parsed.events };
  } catch (error) {
    return { batch: null, events: [], error: `${path}: ${(error as Error).message}` };
  }
}

/** Serialised writes of the spool file. */
export class Spool {
  private chain: Promise<void> = Promise.resolve();
  /** Events left out of the last write by the size bound. */
  skipped = 0;

  constructor(
    private readonly path: string,
    private readonly maxBytes: number,
    private readonly onError: (message: string) => void,
  ) {}

  /** Queues a write of `content` (taken now); resolves when it is on disk or has failed. */
  write(content: SpoolContent): Promise<void> {
    const text = this.encode(content);
    this.chain = this.chain.then(() => this.replace(text));
    return this.chain;
  }

  private encode(content: SpoolContent): string {
    let bytes = 40 + (content.batch === null ? 0 : content.batch.body.length + 100);
    const parts: string[] = [];
    for (const e of content.events) {
      const json = JSON.stringify(e);
      bytes += json.length + 1;
      if (bytes > this.maxBytes) break;
      parts.push(json);
    }
    this.skipped = content.events.length - parts.length;
    return `{"format":1,"batch":${JSON.stringify(content.batch)},"events":[${parts.join(',')}]}`;
  }

  private async replace(text: string): Promise<void> {
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      this.onError(`cannot write spool ${this.path}: ${(error as Error).message}`);
    }
  }
}
