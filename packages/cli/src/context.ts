import type { Command } from 'commander';
import { ApiClient, ApiError } from './client.js';
import { resolveConnection, type ResolvedConnection } from './connection.js';
import { UsageError, type Format, type Output } from './output.js';

/** Global options every command accepts. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  json?: boolean;
  output?: Format;
  context?: string;
  timeout?: number;
}

/** What commands share: how to print, how to reach the server, the environment. */
export interface CliContext {
  env: Record<string, string | undefined>;
  output: (command: Command) => Output;
  client: (command: Command) => ApiClient;
  /** Resolves the connection and loads what the output format needs, before a command's action. */
  prepare: (command: Command, needsServer: boolean) => Promise<void>;
  /** Runs a command body, turning errors into messages and exit codes (0 ok, 1 failed, 2 usage). */
  run: (command: Command, body: () => Promise<void>) => Promise<void>;
  exitCode: number;
  /** The connection in use, once prepared (or why there is none). */
  connection?: ResolvedConnection | Error;
}

/** Builds the shared context. */
export function createContext(
  env: Record<string, string | undefined>,
  io: { out: (s: string) => void; err: (s: string) => void },
): CliContext {
  let yaml: ((value: unknown) => string) | undefined;
  const ctx: CliContext = {
    env,
    exitCode: 0,
    output: (command) => {
      const opts = command.optsWithGlobals<GlobalOptions>();
      const format = opts.output ?? (opts.json ? 'json' : 'text');
      return {
        json: format === 'json' || format === 'yaml',
        format,
        out: io.out,
        err: io.err,
        ...(yaml ? { yaml } : {}),
      };
    },
    prepare: async (command, needsServer) => {
      const opts = command.optsWithGlobals<GlobalOptions>();
      if (opts.output === 'yaml') yaml = (await import('./read-documents.js')).toYaml;
      if (!needsServer) return;
      ctx.connection = await resolveConnection(opts, env).catch((error: unknown) => error as Error);
    },
    client: () => {
      if (ctx.connection instanceof Error) throw ctx.connection;
      return new ApiClient(ctx.connection ?? { server: 'http://127.0.0.1:7400', token: undefined });
    },
    run: async (command, body) => {
      try {
        await body();
      } catch (error) {
        ctx.exitCode = error instanceof UsageError ? 2 : 1;
        reportError(ctx.output(command), error, ctx.connection);
      }
    },
  };
  return ctx;
}

function reportError(output: Output, error: unknown, connection: CliContext['connection']): void {
  if (error instanceof ApiError) {
    if (output.json) {
      const value = {
        error: { code: error.code, message: error.message, status: error.status, details: error.details },
      };
      output.out(output.format === 'yaml' && output.yaml ? output.yaml(value) : JSON.stringify(value, null, 2));
      return;
    }
    output.err(`error: ${error.message} [${error.code}]`);
    // A message that already says its only detail (`invalid …: path: message`) does not repeat it.
    const repeated = error.details.length === 1 && error.message.includes(error.details[0]!.message);
    if (!repeated) for (const d of error.details) output.err(`  - ${d.path ? `${d.path}: ` : ''}${d.message}`);
    if (error.code === 'unauthorized') {
      const from = connection && !(connection instanceof Error) ? connection.tokenFrom : 'none';
      output.err(
        from === 'none'
          ? 'hint: no token was sent: pass --token, set RIPCORD_TOKEN, or use a context with a token-file (ripcord config set-context)'
          : `hint: the token sent came from ${from}; pass --token, set RIPCORD_TOKEN, or switch context (ripcord config get-contexts)`,
      );
    }
    return;
  }
  output.err(`error: ${(error as Error).message}`);
}
