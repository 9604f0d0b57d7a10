import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ApiClient, ApiError } from './client.js';
import type { Output } from './output.js';

/** Global options every command accepts. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  json?: boolean;
}

/** What commands share: how to print, how to reach the server, the environment. */
export interface CliContext {
  env: Record<string, string | undefined>;
  output: (command: Command) => Output;
  client: (command: Command) => ApiClient;
  /** Runs a command body, turning errors into messages and exit codes (0 ok, 1 failed). */
  run: (command: Command, body: () => Promise<void>) => Promise<void>;
  exitCode: number;
}

/** Builds the shared context. */
export function createContext(
  env: Record<string, string | undefined>,
  io: { out: (s: string) => void; err: (s: string) => void },
): CliContext {
  const ctx: CliContext = {
    env,
    exitCode: 0,
    output: (command) => ({ json: Boolean(command.optsWithGlobals<GlobalOptions>().json), out: io.out, err: io.err }),
    client: (command) => {
      const opts = command.optsWithGlobals<GlobalOptions>();
      return new ApiClient({
        server: opts.server ?? env.RIPCORD_SERVER ?? 'http://127.0.0.1:7400',
        token: opts.token ?? env.RIPCORD_TOKEN ?? localAdminToken(env),
      });
    },
    run: async (command, body) => {
      try {
        await body();
      } catch (error) {
        ctx.exitCode = 1;
        reportError(ctx.output(command), error);
      }
    },
  };
  return ctx;
}

/** The token a local server saved on its first start (./.ripcord/admin-token), if readable. */
function localAdminToken(env: Record<string, string | undefined>): string | undefined {
  const file = path.join(env.RIPCORD_DATA_DIR ?? '.ripcord', 'admin-token');
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function reportError(output: Output, error: unknown): void {
  if (error instanceof ApiError) {
    if (output.json) {
      output.out(
        JSON.stringify(
          { error: { code: error.code, message: error.message, status: error.status, details: error.details } },
          null,
          2,
        ),
      );
      return;
    }
    output.err(`error: ${error.message} [${error.code}]`);
    for (const d of error.details) output.err(`  - ${d.path ? `${d.path}: ` : ''}${d.message}`);
    if (error.code === 'unauthorized')
      output.err('hint: pass --token or set RIPCORD_TOKEN (the server printed an admin token on its first start)');
    return;
  }
  output.err(`error: ${(error as Error).message}`);
}
