/** The ripcord control plane: start it, or build its app for in-process use. */
export { startServer, adminTokenFile, type RunningServer } from './server.js';
export { createApp, type AppDeps, type Services } from './create-app.js';
export { resolveConfig, ConfigError, type ServerConfig, type ServerOptions } from './config.js';
export { DataDirLockedError } from './db/lockfile.js';
export { openPglite, openPostgres, type Database } from './db/database.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { createLogger } from './logger.js';
export { seededRandom, type Random } from './stats/random.js';
