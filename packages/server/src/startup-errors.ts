import net from 'node:net';
import { StartupError, type ServerConfig } from './config.js';

// A start that cannot listen or reach its store fails with one line an operator can act on.

/** Binds the configured port once and lets it go: a taken port fails here, as one line. */
export async function assertPortFree(config: ServerConfig): Promise<void> {
  if (config.port === 0) return;
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    throw listenError(config, error);
  } finally {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}

/** A listen failure as one line an operator can act on. */
export function listenError(config: ServerConfig, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new StartupError(
      `port ${config.port} is in use: stop the other process or start with --port N / RIPCORD_PORT`,
      { cause: error },
    );
  if (code === 'EACCES')
    return new StartupError(
      `no permission to listen on port ${config.port}: use a port above 1023 (--port N / RIPCORD_PORT)`,
      { cause: error },
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new StartupError(`cannot listen on ${config.host}: no such local address (--host / RIPCORD_HOST)`, {
      cause: error,
    });
  return error instanceof Error ? error : new Error(String(error));
}

/** A failure to open PostgreSQL (connect or migrate) as one line, without the password. */
export function postgresError(url: string, error: unknown): Error {
  // The driver's error wraps the socket's (`Failed query: CREATE SCHEMA…` ← `connect ECONNREFUSED…`);
  // the innermost one says why. A refused localhost connection is an AggregateError, one per address.
  let inner: unknown = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  if (inner instanceof AggregateError && inner.errors[0] instanceof Error) inner = inner.errors[0];
  const reason =
    inner instanceof Error ? inner.message || (inner as NodeJS.ErrnoException).code || inner.name : String(inner);
  return new StartupError(`cannot reach PostgreSQL at ${redact(url)}: ${reason}`, { cause: error });
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
