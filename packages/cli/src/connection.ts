// Which server the CLI talks to, with which token, and how long it waits (issue 14). In order:
// --server/--token, RIPCORD_SERVER/RIPCORD_TOKEN, the context (--context, RIPCORD_CONTEXT, or the
// config file's current-context), and last, with no context in use, a local server's saved token
// (./.ripcord/admin-token, or $RIPCORD_DATA_DIR/admin-token) and http://127.0.0.1:7400.
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from './client.js';
import { configPath, readConfig, readTokenFile, tokenFilePath, type ContextEntry } from './config-file.js';

/** The default time a request may take before the CLI gives up on it. */
export const defaultTimeoutMs = 30_000;

/** A connection with where its token came from (said when the server refuses it). */
export interface ResolvedConnection extends Connection {
  tokenFrom: string;
  context?: string;
}

/** What the command line says about the connection. */
export interface ConnectionFlags {
  server?: string;
  token?: string;
  context?: string;
  timeout?: number;
}

/** Parses a duration: 30s, 2m, 500ms, or a number of seconds; 0 means no limit. Throws saying what is wrong. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new Error(`expected a duration such as 30s, 2m or 500ms (0: no limit), got "${value}"`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm']);
}

/** Resolves the connection; throws an Error naming the context or file at fault. */
export async function resolveConnection(
  flags: ConnectionFlags,
  env: Record<string, string | undefined>,
): Promise<ResolvedConnection> {
  const timeoutMs = flags.timeout ?? (env.RIPCORD_TIMEOUT ? timeoutFromEnv(env.RIPCORD_TIMEOUT) : defaultTimeoutMs);
  const limit = timeoutMs > 0 ? { timeoutMs } : {};
  const explicitServer = flags.server ?? (env.RIPCORD_SERVER || undefined);
  const explicitToken = flags.token ?? (env.RIPCORD_TOKEN || undefined);
  const wanted = flags.context ?? (env.RIPCORD_CONTEXT || undefined);
  const context = explicitServer && explicitToken && !wanted ? undefined : await findContext(env, wanted);
  const server = explicitServer ?? context?.entry.server ?? 'http://127.0.0.1:7400';
  if (explicitToken)
    return { server, token: explicitToken, tokenFrom: flags.token ? '--token' : 'RIPCORD_TOKEN', ...limit };
  if (context) {
    const named = `context ${context.name}`;
    const file = context.entry['token-file'];
    if (file === undefined) return { server, token: undefined, tokenFrom: `${named} (no token-file)`, ...limit };
    const full = tokenFilePath(file, context.file, env);
    return {
      server,
      token: readTokenFile(full, named),
      tokenFrom: `${named} (${full})`,
      context: context.name,
      ...limit,
    };
  }
  const local = path.join(env.RIPCORD_DATA_DIR ?? '.ripcord', 'admin-token');
  const token = localToken(local);
  return {
    server,
    token,
    tokenFrom: token ? `${local} (saved by a server started in this directory)` : 'none',
    ...limit,
  };
}

function timeoutFromEnv(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new Error(`RIPCORD_TIMEOUT: ${(error as Error).message}`, { cause: error });
  }
}

/** The context in use: the one asked for (which must exist), else the config's current one, if any. */
async function findContext(
  env: Record<string, string | undefined>,
  wanted: string | undefined,
): Promise<{ name: string; entry: ContextEntry; file: string } | undefined> {
  const file = configPath(env);
  const config = await readConfig(file);
  const name = wanted ?? config['current-context'];
  if (name === undefined || file === undefined) {
    if (wanted !== undefined) throw new Error(`no context "${wanted}": no config file (set RIPCORD_CONFIG or HOME)`);
    return undefined;
  }
  const entry = config.contexts[name];
  if (entry === undefined)
    throw new Error(
      `no context "${name}" in ${file} (${Object.keys(config.contexts).join(', ') || 'it has none'}); see ripcord config get-contexts`,
    );
  return { name, entry, file };
}

function localToken(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
