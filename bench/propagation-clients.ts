/**
 * Child process of bench/propagation.bench.ts: N streaming SDK clients against the server the
 * parent runs. Started with `fork()`; argv: <server url> <sdk token> <count>.
 *
 * IPC: sends `{ type: 'ready', count, openMs }` once every client holds a snapshot; on
 * `{ type: 'collect', revision }` answers `{ type: 'applied', revision, times }` as soon as every
 * client has applied that revision (times: epoch ms per client, comparable with the parent's
 * `performance.timeOrigin + performance.now()`; null for a client that missed it within 30 s;
 * cpuMs: this process's CPU time since the previous answer, i.e. what applying it cost, and
 * systemMs the kernel's part of it: socket reads);
 * on `{ type: 'close' }` closes the clients and exits. Exits by itself if the parent goes away.
 */
import { openStreamClients, preciseNow, type StreamClients } from '@ripcord/sdk/testing';

/** Messages from the parent. */
export type ParentMessage = { type: 'collect'; revision: number } | { type: 'close' };
/** Messages to the parent. */
export type ChildMessage =
  | { type: 'ready'; count: number; openMs: number }
  | { type: 'applied'; revision: number; times: Array<number | null>; cpuMs: number; systemMs: number };

const [server, token, countArg] = process.argv.slice(2);
const count = Number(countArg);
/** Clients are opened in batches so the connect storm stays under the listen backlog. */
const BATCH = 250;
const COLLECT_TIMEOUT_MS = 30_000;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!server || !token || !Number.isInteger(count) || count < 1 || !process.send)
    throw new Error('usage: fork(propagation-clients.ts, [url, token, count])');
  process.on('disconnect', () => process.exit(0));
  const started = preciseNow();
  const fleets: StreamClients[] = [];
  // Counts clients per applied revision with O(1) work per event, so waiting costs nothing
  // during a fan-out (the helper's waitForRevision rescans every client on each event).
  const appliedCount = new Map<number, number>();
  const pending = new Map<number, () => void>();
  for (let opened = 0; opened < count; opened += BATCH) {
    const fleet = await openStreamClients({
      count: Math.min(BATCH, count - opened),
      client: {
        server,
        token,
        environment: 'production',
        workflows: ['support-summary'],
        readyTimeoutMs: 120_000,
        connectTimeoutMs: 120_000,
      },
    });
    for (const c of fleet.clients)
      c.on('change', (e) => {
        const n = (appliedCount.get(e.revision) ?? 0) + 1;
        appliedCount.set(e.revision, n);
        if (n === count) pending.get(e.revision)?.();
      });
    fleets.push(fleet);
  }
  send({ type: 'ready', count, openMs: preciseNow() - started });

  let cpu = process.cpuUsage();
  const times = (revision: number): Array<number | null> =>
    fleets.flatMap((f) => f.appliedAt(revision).map((t) => t ?? null));
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'close') {
      void Promise.all(fleets.map((f) => f.close())).finally(() => process.exit(0));
      return;
    }
    const { revision } = m;
    const reply = (): void => {
      clearTimeout(timer);
      pending.delete(revision);
      appliedCount.delete(revision);
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      send({
        type: 'applied',
        revision,
        times: times(revision),
        cpuMs: (used.user + used.system) / 1000,
        systemMs: used.system / 1000,
      });
    };
    const timer = setTimeout(reply, COLLECT_TIMEOUT_MS);
    if ((appliedCount.get(revision) ?? 0) >= count) reply();
    else pending.set(revision, reply);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
