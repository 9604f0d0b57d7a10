/** Builds a workflow's runbook (runbook-model.ts) from what is stored, with the real planner and authority. */
import { createHash } from 'node:crypto';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import { AppError, notFound } from '../../errors.js';
import type { GateSpec } from '../gates/index.js';
import { customerImpactFromPlan, customerMessagesFor } from '../notifications/customer-templates.js';
import { authorityActionOf, authorizePlan } from '../releases/authority/authority.js';
import { planStages } from '../releases/ticket/release-model.js';
import { planRollback } from '../releases/planning/rollback-planner.js';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { MatrixRow, ProcedureLevel, Runbook } from './runbook-model.js';

/** Builds the runbook of `workflow` in `environment` at `now`. */
/** The stores the runbook reads. */
export interface RunbookStores {
  registry: RegistryStore;
  releases: ReleaseStore;
}

export async function buildRunbook(
  stores: RunbookStores,
  workflow: string,
  environment: string,
  now: Date,
): Promise<Runbook> {
  const wf = await stores.registry.getWorkflow(workflow);
  if (!wf) throw notFound(`workflow ${workflow}`);
  const releases = (await stores.releases.list({ workflow })).filter((r) => r.environment === environment);
  const release =
    releases.find((r) => ['pending', 'running', 'paused', 'rolling-back'].includes(r.status)) ?? releases[0];
  const owners = Object.entries(wf.spec.owners ?? {}).map(([role, p]) => ({
    role,
    principals: Array.isArray(p) ? p : [p as string],
  }));
  const base = {
    workflow,
    environment,
    criticality: wf.spec.criticality ?? 'standard',
    version: createHash('sha256')
      .update(`${wf.contentHash}\n${release?.contentHash ?? 'no ticket'}`)
      .digest('hex')
      .slice(0, 16),
    generatedAt: now.toISOString(),
    owners,
  };
  if (!release)
    return {
      ...base,
      release: null,
      matrix: [],
      otherwise: [`${workflow} has no release ticket in ${environment}: apply one to generate its decision matrix`],
      procedure: [],
      recovery: recovery(workflow, environment, null),
      communication: communication(owners),
    };
  const [control, candidate] = await Promise.all([
    stores.registry.getBundle(workflow, release.spec.control),
    stores.registry.getBundle(workflow, release.spec.candidate),
  ]);
  if (!control || !candidate)
    throw new AppError(
      'conflict',
      `release ${release.name} names a bundle that is missing: ${release.spec.control} or ${release.spec.candidate}`,
    );
  const stages = planStages(release.spec);
  const live = Math.max(
    0,
    stages.findIndex((s) => s.kind === 'canary'),
  );
  const plan = (extra: { gate?: string; level?: 1 | 2 | 3 | 4 }) =>
    planRollback({
      release: release.spec,
      control: control.spec,
      candidate: candidate.spec,
      breached: extra.gate ? [{ gate: extra.gate }] : [],
      live: { stage: live },
      ...(extra.level ? { requestedLevel: extra.level } : {}),
    });
  const gates: GateSpec[] = release.spec.gates === 'none-accepted' ? [] : release.spec.gates;
  return {
    ...base,
    release: {
      id: release.id,
      name: release.name,
      status: release.status,
      control: release.spec.control,
      candidate: release.spec.candidate,
    },
    matrix: gates.map((g) => matrixRow(g, plan({ gate: g.name }), release, wf.spec, now)),
    otherwise: [
      'a gate inconclusive (too little evidence): do not roll back; the stage holds until it passes or breaches',
      'every gate passing: do not roll back; the stage advances when its bake is over',
      `an alert that is not a gate of the ticket: the first rollback (${describeFirst(plan({}))})`,
    ],
    procedure: ([1, 2, 3, 4] as const).map((n) => procedureLevel(plan({ level: n }), n, release)),
    recovery: recovery(workflow, environment, release),
    communication: communication(owners),
  };
}

function matrixRow(
  gate: GateSpec,
  plan: RollbackPlan,
  release: ReleaseRecord,
  workflow: Parameters<typeof authorizePlan>[0]['workflow'],
  now: Date,
): MatrixRow {
  const authority = authorizePlan({
    workflow,
    release: release.spec,
    action: authorityActionOf(plan),
    actor: 'automatic',
    now,
  });
  const approval =
    authority.outcome === 'allowed'
      ? `automatic (within the ticket's automatic list)${authority.notify.length > 0 ? `; then the team lead acknowledges within 15 min` : ''}`
      : authority.outcome === 'needs-approvals'
        ? `needs ${authority.remaining.map((r) => `${r.requirement} (${r.principals.join(', ') || r.roles.join('/')})`).join(' and ')}`
        : `refused: ${authority.reason}`;
  const message = customerMessagesFor(customerImpactFromPlan(plan))[0];
  const first = plan.steps[0]?.text ?? plan.reason ?? 'nothing to do';
  const delayed = gate.severity === 'delayed';
  return {
    trigger: gate.name,
    metric: gate.metric,
    condition: conditionText(gate),
    severity: gate.severity,
    decision: delayed ? 'investigate' : 'roll back now',
    level: plan.status === 'planned' ? plan.level : plan.status,
    firstAction: delayed ? `raise a review; if a person confirms it: ${first}` : first,
    steps: plan.steps.map((s) => s.text),
    approval: delayed ? `a person decides after the review; the rollback is then ${approval}` : approval,
    verification: `within 5 min: ${release.spec.control}'s health checks answer, ${plan.steps.some((s) => s.kind === 'restore' || s.kind === 'traffic') ? `${release.spec.control} serves the restored traffic, ` : ''}and ${gate.name} returns to passing on the restored route`,
    customerMessage: message ? { id: message.id, title: message.title } : null,
  };
}

/** The gate's condition as the ticket writes it, e.g. `candidate above 2x of baseline_p95_7d, sustained 30m`. */
export function conditionText(gate: GateSpec): string {
  const parts: string[] = [];
  const comparison = (o: Record<string, unknown>) =>
    Object.entries(o)
      .filter(([k]) => k !== 'of')
      .map(([k, v]) => `${k} ${valueText(v)}${typeof o.of === 'string' ? ` of ${o.of}` : ''}`)
      .join(', ');
  if (gate.candidate) parts.push(`candidate ${comparison(gate.candidate)}`);
  if (gate.control) parts.push(`while control ${comparison(gate.control)}`);
  if (gate.count)
    parts.push(
      `at least ${gate.count.atLeast} within ${String(gate.count.within)}${gate.count.matchingSamples ? ' (matching samples)' : ''}`,
    );
  if (gate.over)
    parts.push(
      `over ${Object.entries(gate.over)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
  if (gate.sustained) parts.push(`sustained ${gate.sustained}`);
  return parts.join(', ') || gate.metric;
}

/** A drift condition reads `psi above 0.2`; anything else as written. */
function valueText(v: unknown): string {
  if (v && typeof v === 'object') {
    const drift = v as { method?: unknown; above?: unknown };
    return typeof drift.method === 'string' && typeof drift.above === 'number'
      ? `${drift.method} above ${drift.above}`
      : JSON.stringify(v);
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function describeFirst(plan: RollbackPlan): string {
  return plan.status === 'planned' ? `${plan.level}: ${plan.steps[0]?.text ?? ''}` : (plan.reason ?? plan.status);
}

function procedureLevel(plan: RollbackPlan, n: 1 | 2 | 3 | 4, release: ReleaseRecord): ProcedureLevel {
  const level = `level${n}`;
  const refusal = plan.refusals.find((r) => r.level === level);
  const status =
    plan.status === 'refused'
      ? 'refused'
      : plan.status === 'no-op'
        ? 'no-op'
        : plan.level === level
          ? 'planned'
          : 'escalated';
  return {
    level,
    status,
    estimate: plan.estimate.text,
    steps: status === 'refused' ? [] : plan.steps.map((s) => s.text),
    commands: [
      `ripcord rollback plan ${release.name} --level ${n}`,
      `ripcord rollback run ${release.name} --level ${n} -r REASON`,
      `ripcord rollback status ${release.name}`,
      ...(n >= 3
        ? [
            `ripcord releases approve ${release.name} -r REASON   # ${n === 3 ? 'the data engineering lead' : 'both leads'}`,
          ]
        : []),
      ...(n >= 2 ? [`ripcord releases acknowledge ${release.name}   # the team lead, within 15 min`] : []),
    ],
    note: refusal
      ? refusal.reason
      : status === 'escalated'
        ? `a level-${n} request runs as ${plan.level}`
        : plan.status === 'refused'
          ? plan.reason
          : null,
  };
}

function recovery(workflow: string, environment: string, release: ReleaseRecord | null): string[] {
  const env = environment === 'production' ? '' : ` -e ${environment}`;
  return [
    `confirm the restore is verified: \`ripcord incidents list\`, then \`ripcord incidents show ID\` (status verified, not escalated)`,
    ...(release ? [`check the run's steps: \`ripcord rollback status ${release.name}\``] : []),
    `check what production serves and can roll back to: \`ripcord readiness ${workflow}${env}\``,
    `invalidate the bad version's batch outputs, if any: \`ripcord batches list ${workflow} --version VERSION\`, then \`ripcord batches invalidate ${workflow} --version VERSION -r REASON\``,
    `send the customer message the matrix names (support owner), if users noticed`,
    `record the post-incident review: \`ripcord incidents review ID --cause CATEGORY --root-cause … --remediation … --prevention …\``,
    `before the next release: a drill must pass again: \`ripcord drills run ${workflow}${env}\``,
    `read the effect over time: \`ripcord report --workflow ${workflow}\``,
  ];
}

function communication(owners: Runbook['owners']): string[] {
  const who = (role: string) => owners.find((o) => o.role === role)?.principals.join(', ') ?? `(no ${role} owner)`;
  return [
    'internal (automatic, R7.4): detected → decision → executing → verified / verification-failed / escalated → closed, to the configured Slack and webhook targets and the incident channel',
    `level 2 and above: the team lead (${who('teamLead')}) is notified and acknowledges within 15 min`,
    `verification failed or approvals expired: the incident commander (${who('incidentCommander')}) is paged`,
    `customers: the support owner (${who('support')}) sends the template the matrix names; the product owner (${who('product')}) is told`,
    `risk (${who('risk')}) may reduce automation at any time (ripcord ops human-review)`,
  ];
}
