// `ripcord config get-contexts|current-context|use-context|set-context|delete-context` (issue 14):
// the contexts of the config file (src/config-file.ts), as kubectl's `config` commands edit a kubeconfig.
import path from 'node:path';
import type { Command } from 'commander';
import { configPath, readConfig, writeConfig, type ConfigFile } from '../config-file.js';
import type { CliContext } from '../context.js';
import { emit, emitList, UsageError } from '../output.js';

/** The config file's path, or an error saying how to name one. */
function fileOf(ctx: CliContext): string {
  const file = configPath(ctx.env);
  if (file === undefined) throw new Error('no config file: set RIPCORD_CONFIG (or HOME)');
  return file;
}

/** `ripcord config …`. */
export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program
    .command('config')
    .description(
      'contexts: named servers with their token files, in $RIPCORD_CONFIG or ~/.config/ripcord/config.yaml, found from any directory',
    )
    .addHelpText(
      'after',
      '\nExample:\n  ripcord config set-context prod --server https://ripcord.internal --token-file ~/.config/ripcord/prod-token\n  ripcord config use-context prod\n  ripcord config get-contexts',
    );
  registerGetContexts(config, ctx);
  registerUseContext(config, ctx);
  registerSetContext(config, ctx);
  registerDeleteContext(config, ctx);
}

function registerGetContexts(config: Command, ctx: CliContext): void {
  config
    .command('get-contexts')
    .description('list the contexts; * marks the current one')
    .addHelpText('after', '\nExample:\n  ripcord config get-contexts\n  ripcord config get-contexts -o name')
    .action(async (_o, command: Command) => {
      await ctx.run(command, async () => {
        const file = fileOf(ctx);
        const c = await readConfig(file);
        const rows = Object.entries(c.contexts).map(([name, e]) => ({ name, ...e }));
        emitList(ctx.output(command), { file, ...c }, rows, {
          headers: ['current', 'name', 'server', 'token-file'],
          row: (x) => [x.name === c['current-context'] ? '*' : '', x.name, x.server, x['token-file']],
          name: (x) => `context/${x.name}`,
        });
      });
    });
  config
    .command('current-context')
    .description('print the current context')
    .addHelpText('after', '\nExample:\n  ripcord config current-context')
    .action(async (_o, command: Command) => {
      await ctx.run(command, async () => {
        const c = await readConfig(fileOf(ctx));
        if (c['current-context'] === undefined) throw new Error('no current context (ripcord config use-context NAME)');
        ctx.output(command).out(c['current-context']);
      });
    });
}

function registerUseContext(config: Command, ctx: CliContext): void {
  config
    .command('use-context <name>')
    .description('make NAME the context every command uses (unless --context, --server or --token say otherwise)')
    .addHelpText('after', '\nExample:\n  ripcord config use-context prod')
    .action(async (name: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const file = fileOf(ctx);
        const c = await readConfig(file);
        if (c.contexts[name] === undefined)
          throw new Error(`no context "${name}" in ${file} (${Object.keys(c.contexts).join(', ') || 'it has none'})`);
        await writeConfig(file, { ...c, 'current-context': name });
        ctx.output(command).out(`switched to context "${name}"`);
      });
    });
}

function registerSetContext(config: Command, ctx: CliContext): void {
  config
    .command('set-context <name>')
    .option('--token-file <file>', 'a file whose first line is the token (kept as an absolute path)')
    .option('--use', 'also make it the current context')
    .description('create a context or change its server (the --server given) or token file')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord config set-context local --server http://127.0.0.1:7400 --token-file .ripcord/admin-token --use\n  ripcord config set-context prod --server https://ripcord.internal --token-file ~/.config/ripcord/prod-token',
    )
    .action(async (name: string, opts: { tokenFile?: string; use?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        // --server is also the global option: commander gives it to the program, so read it from there.
        const server = command.optsWithGlobals<{ server?: string }>().server;
        if (server !== undefined && !/^https?:\/\/./.test(server))
          throw new UsageError(`--server must be a URL starting with http:// or https://, got "${server}"`);
        const file = fileOf(ctx);
        const c: ConfigFile = await readConfig(file);
        const entry = { ...c.contexts[name] };
        if (server !== undefined) entry.server = server;
        if (opts.tokenFile !== undefined) entry['token-file'] = path.resolve(opts.tokenFile);
        const next = { ...c, contexts: { ...c.contexts, [name]: entry } };
        if (opts.use) next['current-context'] = name;
        await writeConfig(file, next);
        const output = ctx.output(command);
        emit(output, { name, ...entry }, () =>
          output.out(
            `context "${name}" ${c.contexts[name] ? 'updated' : 'created'} in ${file}${opts.use ? ' and in use' : ''}`,
          ),
        );
      });
    });
}

function registerDeleteContext(config: Command, ctx: CliContext): void {
  config
    .command('delete-context <name>')
    .description('remove a context (the current context is then unset if it was this one)')
    .addHelpText('after', '\nExample:\n  ripcord config delete-context old-staging')
    .action(async (name: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const file = fileOf(ctx);
        const c = await readConfig(file);
        if (c.contexts[name] === undefined) throw new Error(`no context "${name}" in ${file}`);
        const { [name]: _gone, ...contexts } = c.contexts;
        const next: ConfigFile = { ...c, contexts };
        if (next['current-context'] === name) delete next['current-context'];
        await writeConfig(file, next);
        ctx.output(command).out(`deleted context "${name}"`);
      });
    });
}
