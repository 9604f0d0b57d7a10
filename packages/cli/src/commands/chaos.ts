import { InvalidArgumentError, type Command } from 'commander';
import type { ApiResult } from '@ripcord/protocol/api';
import type { CliContext } from '../context.js';
import { emit, shortTime, table } from '../output.js';

type Chaos = ApiResult<'getChaosRun'>;

/** The faults the server injects (features/chaos/faults.ts). */
export const FAULTS = ['bad-model', 'corrupted-features', 'provider-outage', 'latency-spike', 'cost-spike'] as const;

function fault(value: string): string {
  if (!(FAULTS as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${FAULTS.join(', ')}`);
  return value;
}

function requests(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) < 200 || Number(value) > 100_000)
    throw new InvalidArgumentError('a whole number from 200 to 100000');
  return value;
}

/** `ripcord chaos run|list|show` (R8.1). */
export function registerChaos(program: Command, ctx: CliContext): void {
  const chaos = program
    .command('chaos')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord chaos run support-summary --fault bad-model\n  ripcord chaos list -w support-summary',
    )
    .description(
      'chaos runs: a fault injected for the drill segment only; detection, rollback, verification checked (R8.1)',
    );
  chaos
    .command('run <workflow>')
    .addHelpText(
      'after',
      `\nFaults: ${FAULTS.join(', ')}\n\nExample:\n  ripcord chaos run ride-pricing --fault corrupted-features -e production`,
    )
    .requiredOption('-f, --fault <fault>', 'the fault to inject', fault)
    .option('-e, --env <environment>', 'environment', 'production')
    .option('-t, --ticket <release>', 'the release ticket to take the candidate, gates and authority from')
    .option('-n, --requests <n>', 'synthetic requests at most before giving up (default 4000)', requests)
    .option('-r, --reason <reason>', 'why (kept in the record)')
    .description('inject a fault now and check the gates catch it and the rollback restores; exits 1 unless it passes')
    .action(
      async (
        workflow: string,
        opts: { fault: string; env: string; ticket?: string; requests?: string; reason?: string },
        command: Command,
      ) => {
        await ctx.run(command, async () => {
          const path = `/v1/workflows/${encodeURIComponent(workflow)}/environments/${encodeURIComponent(opts.env)}/chaos`;
          const body = {
            fault: opts.fault as Chaos['fault'],
            ...(opts.reason ? { reason: opts.reason } : {}),
            ...(opts.ticket ? { ticket: opts.ticket } : {}),
            ...(opts.requests ? { requests: Number(opts.requests) } : {}),
          };
          const c = await ctx.client(command).post<ApiResult<'runChaos'>>(path, body);
          const output = ctx.output(command);
          emit(output, c, () => printChaos(output.out, c));
          if (c.status !== 'passed') ctx.exitCode = 1;
        });
      },
    );
  registerList(chaos, ctx);
  chaos
    .command('show <id>')
    .addHelpText('after', '\nExample:\n  ripcord chaos show chaos_0123456789ab')
    .description('a chaos run: what fired and when, the rollback, its verification, the restore')
    .action(async (id: string, _o, command: Command) => {
      await ctx.run(command, async () => {
        const c = await ctx.client(command).get<ApiResult<'getChaosRun'>>(`/v1/chaos/${encodeURIComponent(id)}`);
        const output = ctx.output(command);
        emit(output, c, () => printChaos(output.out, c));
      });
    });
}

/** `ripcord chaos list`. */
function registerList(chaos: Command, ctx: CliContext): void {
  chaos
    .command('list')
    .addHelpText('after', '\nExample:\n  ripcord chaos list -w ride-pricing')
    .option('-w, --workflow <workflow>', 'only this workflow')
    .description('chaos runs, newest first')
    .action(async (opts: { workflow?: string }, command: Command) => {
      await ctx.run(command, async () => {
        const q = opts.workflow ? `?workflow=${encodeURIComponent(opts.workflow)}` : '';
        const r = await ctx.client(command).get<ApiResult<'listChaosRuns'>>(`/v1/chaos${q}`);
        const output = ctx.output(command);
        emit(output, r, () =>
          table(
            output,
            ['id', 'workflow', 'env', 'fault', 'status', 'by', 'started', 'detected', 'restored'],
            r.runs.map((c) => [
              c.id,
              c.workflow,
              c.environment,
              c.fault,
              c.status,
              c.actor,
              shortTime(c.startedAt),
              c.detect.ms === null ? null : `${Math.round(c.detect.ms)} ms`,
              c.restore.ms === null ? null : `${Math.round(c.restore.ms)} ms`,
            ]),
          ),
        );
      });
    });
}

const ms = (t: Chaos['detect']) =>
  t.ms === null
    ? 'did not happen'
    : `${Math.round(t.ms)} ms${t.targetMs === null ? '' : ` (target ${t.targetMs / 60_000} min${t.met ? '' : ', MISSED'})`}`;

/** A chaos run: the fault, what fired and when, the rollback, each step, the checks, the result. */
export function printChaos(out: (line: string) => void, c: Chaos): void {
  out(
    `chaos ${c.id}: ${c.fault} in ${c.workflow}/${c.environment}, segment ${c.segment} (release ${c.release} from ticket ${c.ticket}: ${c.control} → ${c.candidate})`,
  );
  out(`  by ${c.actor} at ${c.startedAt}: ${c.reason}`);
  out(
    `  traffic: ${c.traffic.requests} synthetic requests through the SDK, ${c.traffic.candidate} on the candidate (budget ${c.traffic.budget})`,
  );
  if (c.decision) out(`  decision ${c.decision.kind} on ${c.decision.gates.join(', ')}: ${c.decision.reasoning}`);
  for (const g of c.gates.filter((x) => x.state === 'breached')) out(`    ✗ ${g.gate}: ${g.sentence ?? g.state}`);
  out(`  detected after ${ms(c.detect)}`);
  if (c.rollback)
    out(
      `  rollback ${c.rollback.level ?? '-'} ${c.rollback.automatic ? 'automatic' : 'NOT automatic'}: ${c.rollback.authority}`,
    );
  for (const s of c.steps)
    out(
      `  ${s.status === 'done' ? '✓' : s.status === 'failed' ? '✗' : '-'} ${s.phase.padEnd(14)} ${String(s.ms).padStart(6)} ms  ${s.text}${s.result ? ` — ${s.result}` : ''}`,
    );
  out(`  restored and verified after ${ms(c.restore)}`);
  if (c.status === 'passed') out('  passed: detected, rolled back automatically, verified, restored, verified');
  else for (const f of c.failures) out(`  ${c.status}: ${f}`);
}
