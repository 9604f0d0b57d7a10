/** Condition and event waits with bounded timeouts (tests never sleep for a fixed time). */
import type { ClientEventMap, RipcordClient } from '../../src/index.js';

/**
 * Resolves with the first truthy value of `check`, polled every 5 ms; rejects after `timeoutMs`.
 * `check` must be synchronous (a Promise would always be truthy), which the type enforces.
 */
export async function waitFor<T>(
  check: () => (T extends PromiseLike<unknown> ? never : T) | undefined | null | false,
  label: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The next `event` from `client` matching `predicate`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof ClientEventMap>(
  client: RipcordClient,
  event: K,
  predicate: (e: ClientEventMap[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ClientEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const off = client.on(event, (e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}
