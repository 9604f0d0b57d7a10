/**
 * The faults a chaos run injects (R8.1) and the synthetic outcomes they produce: every request the
 * SDK routes to the candidate arm reports the fault; the control arm reports healthy outcomes
 * shaped by the workflow's SLA and the ticket's cost estimate, so absolute and comparative gates
 * both have something to read. Deterministic for a seed.
 */
import type { OutcomeEvent } from '@ripcord/protocol';
import type { ReleaseSpec } from '../releases/ticket/release-schema.js';
import type { WorkflowSpec } from '../bundles/workflow-schema.js';

/** The faults, with what each does to the candidate's outcomes. */
export const FAULTS = {
  'bad-model': 'the candidate errors on 20 % of calls, 15 % of its outputs fail the schema, its predictions shift',
  'corrupted-features': "25 % of the candidate's input features are missing and the rest drift (×4 + 10)",
  'provider-outage': "60 % of the candidate's calls fail (timeouts and HTTP 5xx)",
  'latency-spike': "the candidate's latency is 20 times the control's",
  'cost-spike': "the candidate's cost per call is 4 times the control's",
} as const;

/** A fault a chaos run can inject. */
export type Fault = keyof typeof FAULTS;
export const faultNames = Object.keys(FAULTS) as [Fault, ...Fault[]];

/** What the outcomes of one workflow look like when healthy. */
export interface HealthyProfile {
  latencyMs: number;
  costUsd: number;
  features: string[];
}

/** The healthy profile: latency well within the SLA, cost within the ticket's approved estimate. */
export function healthyProfile(workflow: WorkflowSpec, ticket: ReleaseSpec): HealthyProfile {
  const sla = workflow.sla;
  const latencyMs = 0.4 * (sla?.latencyP99Ms ?? sla?.latencyP95Ms ?? sla?.latencyP50Ms ?? 1000);
  const gates = (ticket.gates ?? []) as { approvedEstimateUsd?: number; features?: string[] }[];
  const estimate = gates.find((g) => typeof g.approvedEstimateUsd === 'number')?.approvedEstimateUsd;
  const features = [...new Set(gates.flatMap((g) => g.features ?? []))];
  return { latencyMs, costUsd: 0.75 * (estimate ?? 0.004), features: features.length > 0 ? features : ['x1'] };
}

/** A seeded random source in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The measured fields of one outcome (what `client.report` adds to the route decision's fields). */
export type OutcomeFields = Pick<
  OutcomeEvent,
  | 'latencyMs'
  | 'error'
  | 'errorKind'
  | 'schemaValid'
  | 'parserError'
  | 'costUsd'
  | 'taskSuccess'
  | 'prediction'
  | 'converted'
  | 'features'
>;

/** One outcome: healthy, or with the fault when `fault` is given (the candidate arm). */
export function outcome(profile: HealthyProfile, random: () => number, fault?: Fault): OutcomeFields {
  const jitter = () => 0.75 + 0.5 * random();
  const features: Record<string, number | null> = {};
  for (const name of profile.features) features[name] = 10 + 5 * (random() + random() - 1);
  const out: OutcomeFields = {
    latencyMs: Math.round(profile.latencyMs * jitter() * 10) / 10,
    error: false,
    schemaValid: true,
    costUsd: profile.costUsd * jitter(),
    taskSuccess: true,
    prediction: 1 + 0.3 * (random() + random() - 1),
    converted: random() < 0.3,
    features,
  };
  if (fault === undefined) return out;
  return injected(out, fault, random);
}

function injected(out: OutcomeFields, fault: Fault, random: () => number): OutcomeFields {
  switch (fault) {
    case 'bad-model':
      out.prediction = out.prediction! * 1.8;
      if (random() < 0.2) return failed(out, 'other');
      if (random() < 0.15)
        return { ...out, schemaValid: false, parserError: 'chaos: bad-model output', taskSuccess: false };
      return out;
    case 'corrupted-features':
      for (const name of Object.keys(out.features!))
        out.features![name] = random() < 0.25 ? null : out.features![name]! * 4 + 10;
      out.prediction = out.prediction! * 1.5;
      return out;
    case 'provider-outage':
      return random() < 0.6 ? failed(out, random() < 0.5 ? 'timeout' : 'http_5xx') : out;
    case 'latency-spike':
      return { ...out, latencyMs: out.latencyMs! * 20 };
    case 'cost-spike':
      return { ...out, costUsd: out.costUsd! * 4 };
  }
}

/** A call that produced no output. */
function failed(out: OutcomeFields, kind: NonNullable<OutcomeEvent['errorKind']>): OutcomeFields {
  const { schemaValid: _s, prediction: _p, ...rest } = out;
  return { ...rest, error: true, errorKind: kind, taskSuccess: false, latencyMs: out.latencyMs! * 3 };
}
