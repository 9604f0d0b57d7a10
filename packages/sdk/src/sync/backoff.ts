/** Jittered exponential backoff and an abortable sleep, shared by sync and reporting. */

/**
 * Delay before retry number `attempt` (0-based): `min(maxMs, baseMs × 2^attempt) × uniform(0.5, 1)`.
 * The jitter spreads thousands of SDKs reconnecting after a server restart.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling * (0.5 + random() * 0.5);
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts. Never rejects. The timer does not hold the
 * process open unless `keepAlive` (a deadline someone awaits, like `close()`'s, must fire).
 */
export function sleep(ms: number, signal: AbortSignal, keepAlive = false): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (!keepAlive) timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
