import path from 'node:path';

/** The server's fully resolved configuration. */
export interface ServerConfig {
  host: string;
  port: number;
  /** PGlite data directory; used when `databaseUrl` is not set. */
  dataDir: string;
  /** PostgreSQL connection URL; when set, the embedded store is not used. */
  databaseUrl: string | undefined;
  /** Seeds (or re-adds) an admin token; never logged. */
  adminToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Default cool-down after a promotion during which the previous bundle is retained (R1.4). */
  cooldownMs: number;
  /** How often running releases are evaluated (GATES.md: the fixed tick, default 10 s). */
  tickMs: number;
}

/** Options as a caller gives them: every field optional, strings allowed where env vars are. */
export type ServerOptions = Partial<ServerConfig>;

/** A configuration value that cannot be used; startup stops with its message. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Resolves the configuration from explicit options, then environment variables, then defaults.
 * Only the composition root passes `process.env` here.
 */
export function resolveConfig(options: ServerOptions, env: Record<string, string | undefined> = {}): ServerConfig {
  const port = options.port ?? parseIntOption('RIPCORD_PORT', env.RIPCORD_PORT) ?? 7400;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`port must be an integer between 0 and 65535, got ${port}`);
  }
  const logLevel = options.logLevel ?? env.RIPCORD_LOG_LEVEL ?? 'info';
  if (!isLogLevel(logLevel)) {
    throw new ConfigError(`log level must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  }
  const databaseUrl = options.databaseUrl ?? nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('database URL must start with postgres:// or postgresql://');
  }
  const adminToken = options.adminToken ?? nonEmpty(env.RIPCORD_ADMIN_TOKEN);
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('RIPCORD_ADMIN_TOKEN must be at least 16 characters long');
  }
  const bodyLimitBytes = options.bodyLimitBytes ?? 1024 * 1024;
  const cooldownMs = options.cooldownMs ?? 72 * 3600 * 1000;
  const tickMs = options.tickMs ?? parseIntOption('RIPCORD_TICK_MS', env.RIPCORD_TICK_MS) ?? 10_000;
  if (!Number.isInteger(tickMs) || tickMs < 100)
    throw new ConfigError(`the evaluation tick must be at least 100 ms, got ${tickMs}`);
  return {
    host: options.host ?? env.RIPCORD_HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(options.dataDir ?? env.RIPCORD_DATA_DIR ?? '.ripcord'),
    databaseUrl,
    adminToken,
    logLevel,
    bodyLimitBytes,
    cooldownMs,
    tickMs,
  };
}

function isLogLevel(value: string): value is ServerConfig['logLevel'] {
  return (logLevels as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseIntOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new ConfigError(`${name} must be an integer, got "${value}"`);
  return parsed;
}
