import type { Command } from 'commander';
import type { ServerOptions } from '@ripcord/server';
import type { CliContext } from '../context.js';
import { loadServer } from '../load-server.js';

interface ServeOptions {
  port?: string;
  host?: string;
  data?: string;
  databaseUrl?: string;
  logLevel?: string;
}

/** `ripcord serve`: the control plane in this process, until SIGINT/SIGTERM. */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the control plane (embedded store in ./.ripcord unless --database-url is given)')
    .option('-p, --port <port>', 'port to listen on (default 7400, env RIPCORD_PORT)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, env RIPCORD_HOST)')
    .option('-d, --data <dir>', 'embedded store directory (default ./.ripcord, env RIPCORD_DATA_DIR)')
    .option('--database-url <url>', 'use PostgreSQL instead of the embedded store (env DATABASE_URL)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (default info, env RIPCORD_LOG_LEVEL)')
    .addHelpText(
      'after',
      '\nRIPCORD_ADMIN_TOKEN in the environment seeds the admin token (at least 16 characters);\notherwise the first start creates one, prints it once and saves it in DATA/admin-token\n(./.ripcord/admin-token by default, with PostgreSQL too), where the CLI run in that directory finds it.\n\nExample:\n  ripcord serve\n  ripcord serve --port 7500 --data /var/lib/ripcord\n  ripcord serve --database-url postgres://ripcord@db:5432/ripcord',
    )
    .action(async (opts: ServeOptions) => {
      const options: ServerOptions = {};
      if (opts.port !== undefined) {
        const port = /^\d+$/.test(opts.port.trim()) ? Number(opts.port) : Number.NaN;
        if (!Number.isInteger(port) || port > 65535) {
          process.stderr.write(`ripcord: --port must be an integer between 0 and 65535, got "${opts.port}"\n`);
          ctx.exitCode = 2;
          return;
        }
        options.port = port;
      }
      if (opts.host !== undefined) options.host = opts.host;
      if (opts.data !== undefined) options.dataDir = opts.data;
      if (opts.databaseUrl !== undefined) options.databaseUrl = opts.databaseUrl;
      if (opts.logLevel !== undefined) options.logLevel = opts.logLevel as NonNullable<ServerOptions['logLevel']>;
      const { ConfigError, DataDirLockedError, startServer } = await loadServer();
      try {
        const server = await startServer(options, ctx.env);
        await waitForSignal();
        await server.stop();
      } catch (error) {
        if (error instanceof ConfigError || error instanceof DataDirLockedError) {
          process.stderr.write(`ripcord: ${error.message}\n`);
          ctx.exitCode = error instanceof ConfigError ? 2 : 1;
          return;
        }
        throw error;
      }
    });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.stderr.write(`ripcord: ${signal} received, shutting down\n`);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
