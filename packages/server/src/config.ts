import path from 'node:path';
import type { NotifyTarget } from './features/notifications/notification-model.js';
import {
  checkWebhookSecret,
  parseNotifyTargets,
  MIN_WEBHOOK_SECRET_LENGTH,
} from './features/notifications/notify-targets.js';
import { parseSignalSources, type SignalSourceConfig } from './features/signals/signal-settings.js';

/** The server's fully resolved configuration. */
export interface ServerConfig {
  host: string;
  port: number;
  /** PGlite data directory; used when `databaseUrl` is not set. */
  dataDir: string;
  /** PostgreSQL connection URL; when set, the embedded store is not used. */
  databaseUrl: string | undefined;
  /**
   * The URL other replicas reach this one at (RIPCORD_ADVERTISE_URL; default: the URL it listens
   * on). Followers forward acting requests to the leader's (ADR 0014). PostgreSQL only.
   */
  advertiseUrl: string | undefined;
  /** Seeds (or re-adds) an admin token; never logged. */
  adminToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Default cool-down after a promotion during which the previous bundle is retained (R1.4). */
  cooldownMs: number;
  /** How often running releases are evaluated (GATES.md: the fixed tick, default 10 s). */
  tickMs: number;
  /** Where notifications go (RIPCORD_NOTIFY_URLS: `slack:<url>,webhook:<url>`); never logged. */
  notifyTargets: NotifyTarget[];
  /** Signs generic webhooks (RIPCORD_WEBHOOK_SECRET, at least 32 characters); never logged. */
  webhookSecret: string | undefined;
  /** Named in every internal notification (RIPCORD_INCIDENT_CHANNEL, e.g. `#inc-ai`). */
  incidentChannel: string | undefined;
  /** Prometheus and Datadog servers gates may query (RIPCORD_SIGNAL_SOURCES, R4.5); credentials never logged. */
  signalSources: SignalSourceConfig[];
  /** Who may read `/metrics` (RIPCORD_METRICS): `open`, or `token` (any valid token). */
  metricsAccess: 'open' | 'token';
  /** Verifies the generic alert webhook's signature (RIPCORD_ALERT_WEBHOOK_SECRET, 32+ characters); never logged. */
  alertWebhookSecret: string | undefined;
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

/**
 * The server could not start although its configuration is well-formed: the port is taken, the
 * PostgreSQL server cannot be reached. A ConfigError, so callers report it the same way (one line, exit 2).
 */
export class StartupError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'StartupError';
    if (options && 'cause' in options) this.cause = options.cause;
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
  const advertiseUrl = options.advertiseUrl ?? nonEmpty(env.RIPCORD_ADVERTISE_URL);
  if (advertiseUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(advertiseUrl))
    throw new ConfigError(`RIPCORD_ADVERTISE_URL must be http(s)://host[:port], got "${advertiseUrl}"`);
  const adminToken = options.adminToken ?? nonEmpty(env.RIPCORD_ADMIN_TOKEN);
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('RIPCORD_ADMIN_TOKEN must be at least 16 characters long');
  }
  const bodyLimitBytes = options.bodyLimitBytes ?? 1024 * 1024;
  const cooldownMs = options.cooldownMs ?? 72 * 3600 * 1000;
  const tickMs = options.tickMs ?? parseIntOption('RIPCORD_TICK_MS', env.RIPCORD_TICK_MS) ?? 10_000;
  if (!Number.isInteger(tickMs) || tickMs < 100)
    throw new ConfigError(`the evaluation tick must be at least 100 ms, got ${tickMs}`);
  const notify = resolveNotifications(options, env);
  return {
    host: options.host ?? env.RIPCORD_HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(options.dataDir ?? env.RIPCORD_DATA_DIR ?? '.ripcord'),
    databaseUrl,
    advertiseUrl: advertiseUrl?.replace(/\/$/, ''),
    adminToken,
    logLevel,
    bodyLimitBytes,
    cooldownMs,
    tickMs,
    ...notify,
    ...resolveSignals(options, env),
  };
}

function resolveSignals(
  options: ServerOptions,
  env: Record<string, string | undefined>,
): Pick<ServerConfig, 'signalSources' | 'metricsAccess' | 'alertWebhookSecret'> {
  const parsed = options.signalSources
    ? { ok: true as const, sources: options.signalSources }
    : parseSignalSources(env);
  if (!parsed.ok) throw new ConfigError(parsed.message);
  const metricsAccess = options.metricsAccess ?? nonEmpty(env.RIPCORD_METRICS) ?? 'token';
  if (metricsAccess !== 'open' && metricsAccess !== 'token')
    throw new ConfigError(`RIPCORD_METRICS must be "open" or "token", got "${metricsAccess}"`);
  const alertWebhookSecret = options.alertWebhookSecret ?? nonEmpty(env.RIPCORD_ALERT_WEBHOOK_SECRET);
  if (alertWebhookSecret !== undefined && alertWebhookSecret.length < MIN_WEBHOOK_SECRET_LENGTH)
    throw new ConfigError(
      `RIPCORD_ALERT_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long (try: openssl rand -hex 32)`,
    );
  return { signalSources: parsed.sources, metricsAccess, alertWebhookSecret };
}

function resolveNotifications(
  options: ServerOptions,
  env: Record<string, string | undefined>,
): Pick<ServerConfig, 'notifyTargets' | 'webhookSecret' | 'incidentChannel'> {
  const parsed = options.notifyTargets
    ? { ok: true as const, targets: options.notifyTargets }
    : parseNotifyTargets(env.RIPCORD_NOTIFY_URLS);
  if (!parsed.ok) throw new ConfigError(parsed.message);
  const webhookSecret = options.webhookSecret ?? nonEmpty(env.RIPCORD_WEBHOOK_SECRET);
  const problem = checkWebhookSecret(parsed.targets, webhookSecret);
  if (problem) throw new ConfigError(problem);
  const incidentChannel = options.incidentChannel ?? nonEmpty(env.RIPCORD_INCIDENT_CHANNEL);
  return { notifyTargets: parsed.targets, webhookSecret, incidentChannel };
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
