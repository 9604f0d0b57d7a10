/**
 * Opens many streaming clients in one process for the propagation benchmark (issue 3: 1,000 SDK
 * clients in a second process) and records, per revision, when each client applied it. Each
 * client is an ordinary `createClient()` with one socket and no reporting traffic, so what is
 * measured is exactly what an application would see.
 */
import { performance } from 'node:perf_hooks';
import type { ClientOptions } from '../client/client-options.js';
import { RipcordClient } from '../client/ripcord-client.js';

/** Options of {@link openStreamClients}. */
export interface StreamClientsOptions {
  count: number;
  /** Options shared by every client. */
  client: ClientOptions;
}

/** A fleet of streaming clients. */
export interface StreamClients {
  readonly clients: readonly RipcordClient[];
  /**
   * Epoch milliseconds (fractional: `performance.timeOrigin + performance.now()`, comparable
   * across processes on one host) at which each client applied `revision`; undefined entries for
   * clients that have not.
   */
  appliedAt(revision: number): ReadonlyArray<number | undefined>;
  /** Resolves with every client's apply time once all hold `revision` or newer; rejects on timeout. */
  waitForRevision(revision: number, timeoutMs?: number): Promise<number[]>;
  close(): Promise<void>;
}

/** Constant for the process; read once (the getter is a native call). */
const timeOrigin = performance.timeOrigin;

/** Wall-clock milliseconds with sub-millisecond resolution. */
export function preciseNow(): number {
  return timeOrigin + performance.now();
}

/** Opens `count` clients and waits until every one is ready. */
export async function openStreamClients(o: StreamClientsOptions): Promise<StreamClients> {
  const applied = new Map<number, Array<number | undefined>>();
  const waiters = new Set<() => void>();
  const clients = Array.from({ length: o.count }, (_, i) => {
    const c = new RipcordClient(o.client);
    c.on('change', (e) => {
      let times = applied.get(e.revision);
      if (times === undefined)
        applied.set(e.revision, (times = new Array<number | undefined>(o.count).fill(undefined)));
      times[i] = preciseNow();
      for (const w of waiters) w();
    });
    return c;
  });
  await Promise.all(clients.map((c) => c.ready()));
  const allAt = (revision: number): boolean => clients.every((c) => (c.revision ?? 0) >= revision);
  return {
    clients,
    appliedAt: (revision) => applied.get(revision) ?? new Array<undefined>(o.count).fill(undefined),
    waitForRevision: (revision, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const done = (): void => {
          if (!allAt(revision)) return;
          waiters.delete(done);
          clearTimeout(timer);
          resolve((applied.get(revision) ?? []).map((t) => t ?? Number.NaN));
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          reject(new Error(`not every client reached revision ${revision} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(done);
        done();
      }),
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
