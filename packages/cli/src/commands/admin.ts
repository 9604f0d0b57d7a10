import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ApiResult, Token } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, emitList, shortTime, table } from '../output.js';
import { positiveInteger, usageError } from './option-parsers.js';

/** `ripcord tokens`, `ripcord audit` and `ripcord whoami`. */
export function registerAdmin(program: Command, ctx: CliContext): void {
  const tokens = program
    .command('tokens')
    .description('API tokens (admin): create, get, revoke')
    .addHelpText('after', '\nExample:\n  ripcord tokens get\n  ripcord tokens create -s grafana -r viewer');
  registerTokenCreate(tokens, ctx);
  registerTokenGet(tokens, ctx);
  registerTokenRevoke(tokens, ctx);
  registerAudit(program, ctx);
  registerWhoami(program, ctx);
}

function registerTokenCreate(tokens: Command, ctx: CliContext): void {
  tokens
    .command('create')
    .requiredOption('-s, --subject <subject>', 'who or what uses the token (recorded as the actor of its changes)')
    .addOption(
      new Option('-r, --role <role>', 'admin | operator | viewer | sdk | alerts')
        .choices(['admin', 'operator', 'viewer', 'sdk', 'alerts', 'jobs'])
        .makeOptionMandatory(),
    )
    .option('-w, --workflows <names>', 'comma-separated workflows the token is limited to')
    .option('-e, --env <environment>', 'environment the token is limited to (required for sdk tokens)')
    .description('create a token; its secret is printed this once')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord tokens create -s team-support-ai -r operator -w support-summary\n  ripcord tokens create -s checkout-app -r sdk -e production --json',
    )
    .action(async (opts: { subject: string; role: string; workflows?: string; env?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const scope =
          opts.workflows || opts.env
            ? {
                ...(opts.workflows ? { workflows: opts.workflows.split(',').map((s) => s.trim()) } : {}),
                ...(opts.env ? { environment: opts.env } : {}),
              }
            : undefined;
        const r = await ctx.client(command).post<ApiResult<'createToken'>>('/v1/tokens', {
          subject: opts.subject,
          role: opts.role,
          ...(scope ? { scope } : {}),
        });
        const output = ctx.output(command);
        emit(output, r, () => {
          output.out(`created ${r.record.id} (${r.record.role}) for ${r.record.subject}`);
          output.out(`token (shown once): ${r.token}`);
        });
      });
    });
}

function registerTokenGet(tokens: Command, ctx: CliContext): void {
  tokens
    .command('get')
    .alias('list')
    .option('--all', 'include revoked tokens')
    .description('list tokens (never their secrets)')
    .addHelpText('after', '\nExample:\n  ripcord tokens get --all\n  ripcord get tokens -o name')
    .action(async (opts: { all?: boolean }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'listTokens'>>('/v1/tokens', { includeRevoked: opts.all });
        emitList(ctx.output(command), r, r.tokens, {
          headers: ['id', 'subject', 'role', 'scope', 'created', 'revoked'],
          row: (t) => [t.id, t.subject, t.role, scopeText(t.scope), shortTime(t.createdAt), shortTime(t.revokedAt)],
          name: (t) => `token/${t.id}`,
        });
      });
    });
}

function registerTokenRevoke(tokens: Command, ctx: CliContext): void {
  tokens
    .command('revoke <id>')
    .description('revoke a token')
    .addHelpText('after', '\nExample:\n  ripcord tokens revoke tok_0123456789ab')
    .action(async (id: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).delete<ApiResult<'revokeToken'>>(`/v1/tokens/${encodeURIComponent(id)}`);
        const output = ctx.output(command);
        emit(output, r, () => output.out(`revoked ${r.id} (${r.subject})`));
      });
    });
}

function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program
    .command('audit')
    .description('the hash-chained audit log')
    .addHelpText('after', '\nExample:\n  ripcord audit log --since 24h\n  ripcord audit verify');
  audit
    .command('log')
    .option('--since <time>', 'ISO time, or a duration ago such as 30m, 24h, 7d', (v: string) => usageSince(v))
    .option('--limit <n>', 'at most this many entries', positiveInteger, '200')
    .description('audit entries, oldest first')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord audit log --since 2h --limit 50\n  ripcord audit log --since 2026-12-01T00:00:00Z -o json',
    )
    .action(async (opts: { since?: string; limit: string }, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'listAuditEntries'>>('/v1/audit', {
          since: opts.since,
          limit: opts.limit,
        });
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['seq', 'at', 'actor', 'action', 'subject'],
            r.entries.map((e) => [e.seq, shortTime(e.at), e.actor, e.action, e.subject]),
          ),
        );
      });
    });
  audit
    .command('verify')
    .option(
      '--anchor-seq <n>',
      'with --anchor-hash: the entries of an earlier answer kept outside ripcord',
      positiveInteger,
    )
    .option('--anchor-hash <hash>', 'with --anchor-seq: the headHash of that answer (64 hex digits)', sha256Hex)
    .description(
      'check the hash chain; exits 1 if any entry was edited, inserted or deleted (with an anchor: also the newest)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Keep an external copy of the head (entries, headHash), e.g. daily, where the database',
        'users cannot write; later check the log still holds that entry unchanged. Needs an unscoped token.',
        '',
        'Example:',
        '  ripcord audit verify',
        "  ripcord audit verify -o json | jq '{entries, headHash}' > anchor.json",
        '  ripcord audit verify --anchor-seq "$(jq .entries anchor.json)" --anchor-hash "$(jq -r .headHash anchor.json)"',
      ].join('\n'),
    )
    .action(async (opts: { anchorSeq?: string; anchorHash?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const output = ctx.output(command);
        if ((opts.anchorSeq === undefined) !== (opts.anchorHash === undefined))
          return usageError(ctx, output, '--anchor-seq and --anchor-hash go together: give both or neither');
        const r = await ctx.client(command).get<ApiResult<'verifyAuditChain'>>('/v1/audit/verify', {
          anchorSeq: opts.anchorSeq,
          anchorHash: opts.anchorHash,
        });
        const anchored = opts.anchorSeq === undefined ? '' : `; entry ${opts.anchorSeq} matches the anchor`;
        emit(output, r, () =>
          output.out(
            r.ok
              ? `audit chain intact: ${r.entries} entries${anchored}`
              : `audit chain BROKEN at entry ${r.firstBad?.seq}: ${r.firstBad?.problem}`,
          ),
        );
        if (!r.ok) ctx.exitCode = 1;
      });
    });
}

/** A SHA-256 in hex, as the chain's hashes are (`--anchor-hash`). */
function sha256Hex(value: string): string {
  const v = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v)) throw new InvalidArgumentError('expected 64 hex digits (a headHash).');
  return v;
}

function registerWhoami(program: Command, ctx: CliContext): void {
  program
    .command('whoami')
    .description('show the subject and role of the token in use')
    .addHelpText('after', '\nExample:\n  ripcord whoami\n  ripcord whoami --context prod')
    .action(async (_o, command: Command) => {
      await ctx.run(command, async () => {
        const r = await ctx.client(command).get<ApiResult<'getWhoami'>>('/v1/whoami');
        const output = ctx.output(command);
        emit(output, r, () => output.out(`${r.subject} (${r.role}${r.scope ? `, ${scopeText(r.scope)}` : ''})`));
      });
    });
}

function scopeText(scope: Token['scope']): string {
  if (!scope) return 'all';
  return [scope.workflows?.join(',') ?? 'all workflows', scope.environment ?? 'all environments'].join(' / ');
}

/** `--since` checked while parsing: a wrong time is a usage error. */
function usageSince(value: string): string {
  try {
    return sinceTime(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--since: /, ''));
  }
}

/** Accepts an ISO time or a duration ago (`30m`, `24h`, `7d`). */
export function sinceTime(value: string, now = Date.now()): string {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (m) {
    const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(m[1]) * unit).toISOString();
  }
  const t = new Date(value);
  if (Number.isNaN(t.getTime()))
    throw new Error(`--since: "${value}" is neither an ISO time nor a duration like 30m, 24h, 7d`);
  return t.toISOString();
}
