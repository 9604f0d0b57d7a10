/**
 * The demo's three scenarios: which release runs, how each bundle's model route behaves, how
 * much traffic the simulated application sends, and what the outcome must be. The workflows,
 * bundles and release tickets are the shipped examples, applied unchanged, plus one healthy
 * candidate in examples/demo/.
 */
import type { ModelBehaviour, PricingBehaviour, SummaryBehaviour } from './model-behaviour.js';
import type { AppKind } from './simulated-app.js';

/** What a scenario must end with, checked against the stored records. */
export type ExpectedOutcome =
  | {
      status: 'rolled-back';
      /** The level the executed rollback must have. */
      level: 'level1' | 'level2';
      /** What the ticket's firstRollback asked for, when the planner must refuse it. */
      refusedLevel?: 'level1';
      /** A refusal reason must mention this. */
      refusalMentions?: string;
      /** Flags the rollback must leave in force (SDK and stored configuration). */
      flags?: Record<string, string>;
      /** Which metric the demo checks back to baseline after the restore. */
      verify: 'schema' | 'prediction';
    }
  | { status: 'promoted' };

/** One model route of a scenario: the bundle it serves, and how it behaves. */
export interface ScenarioModel {
  bundle: string;
  model: string;
  behaviour: ModelBehaviour;
  /** A fixed port: the one in the bundle's declared health URL (ride-pricing's 18041/18042). */
  port?: number;
}

/** One scenario. */
export interface Scenario {
  id: 'schema-regression' | 'pricing-drift' | 'healthy-promotion';
  title: string;
  workflow: 'support-summary' | 'ride-pricing';
  /** The release ticket's name. */
  release: string;
  /** What happens, in one or two sentences. */
  story: string;
  /** The owner who starts the release and acts by hand (a token subject listed in the Workflow). */
  owner: string;
  kind: AppKind;
  requestsPerSecond: number;
  /** Size of the key population (accounts, riders). */
  keys: number;
  keyPrefix: string;
  reviewShare?: number;
  models: ScenarioModel[];
  /** Evidence recorded for an offline stage (the offline evaluation's result). */
  offlineEvidence?: { tasks: number; passed: number; notes: string };
  expect: ExpectedOutcome;
  /** Simulated minutes after which the scenario gives up. */
  maxMinutes: number;
  /** What the workflow produces, as users name it (for the R7.4 customer messages). */
  outputs: string;
}

/** The approved support-summary route (claude-sonnet-4-5, prompt 3f2c1ab). */
const approvedSummary: SummaryBehaviour = {
  kind: 'summary',
  latencyMeanMs: 1400,
  latencySigma: 0.35,
  errorRate: 0.002,
  brokenJsonRate: 0.0002,
  costMeanUsd: 0.0038,
  safetyBlockRate: 0,
  lookupRate: 0.3,
  refundRate: 0.03,
  poorQualityRate: 0.05,
};

const demand41: PricingBehaviour = {
  kind: 'pricing',
  latencyMeanMs: 28,
  latencySigma: 0.3,
  errorRate: 0.001,
  predictionBias: 1,
  predictionNoise: 0.04,
};

/** The support-summary scenarios' owner and traffic: 7 requests/s over 5,000 accounts, a quarter reviewed. */
const supportSummaryTraffic = {
  owner: 'team-support-ai',
  kind: 'summary',
  requestsPerSecond: 7,
  keys: 5000,
  keyPrefix: 'acct',
  reviewShare: 0.25,
} as const;

/** The scenarios in the order the demo runs them. */
export const scenarios: readonly Scenario[] = [
  {
    id: 'schema-regression',
    title: 'support-summary: the new model tier breaks the JSON schema',
    workflow: 'support-summary',
    release: 'sonnet-5-tier',
    story:
      'The candidate (claude-sonnet-5) answers 200 OK but returns broken JSON on 3 % of calls. It ships as a 5 % canary.',
    ...supportSummaryTraffic,
    models: [
      { bundle: '2026-04-10.1', model: 'claude-sonnet-4-5', behaviour: approvedSummary },
      {
        bundle: '2026-05-02.1',
        model: 'claude-sonnet-5',
        behaviour: {
          ...approvedSummary,
          latencyMeanMs: 1250,
          brokenJsonRate: 0.03,
          costMeanUsd: 0.0039,
          refundRate: 0.04,
        },
      },
    ],
    offlineEvidence: { tasks: 1000, passed: 998, notes: 'offline eval on sha256:41d07c3be912 (simulated)' },
    expect: {
      status: 'rolled-back',
      level: 'level1',
      flags: { 'ai.action.mode': 'draft-only' },
      verify: 'schema',
    },
    maxMinutes: 150,
    outputs: 'summaries',
  },
  {
    id: 'pricing-drift',
    title: "ride-pricing: model 42's prices drift; a model-only rollback would be unsafe",
    workflow: 'ride-pricing',
    release: 'demand-gbm-42',
    story:
      "Model 42 (feature pipeline fp-13) predicts surges 18 % too high. The ticket's first rollback is level 1, but model 41 was trained on fp-12.",
    owner: 'team-pricing',
    kind: 'pricing',
    requestsPerSecond: 20,
    keys: 5000,
    keyPrefix: 'rider',
    models: [
      { bundle: '41', model: 'demand-gbm-41', behaviour: demand41, port: 18041 },
      {
        bundle: '42',
        model: 'demand-gbm-42',
        behaviour: { ...demand41, latencyMeanMs: 26, predictionBias: 1.18, predictionNoise: 0.05 },
        port: 18042,
      },
    ],
    expect: {
      status: 'rolled-back',
      level: 'level2',
      refusedLevel: 'level1',
      refusalMentions: 'fp-12',
      verify: 'prediction',
    },
    maxMinutes: 90,
    outputs: 'prices',
  },
  {
    id: 'healthy-promotion',
    title: 'support-summary: a healthy prompt change promotes through every stage',
    workflow: 'support-summary',
    release: 'tighter-prompt',
    story:
      'Same route and model, a tightened prompt (7d41e0c). Within tolerance on every gate: it must promote, with no false rollback.',
    ...supportSummaryTraffic,
    models: [
      { bundle: '2026-04-10.1', model: 'claude-sonnet-4-5', behaviour: approvedSummary },
      {
        bundle: '2026-05-09.1',
        model: 'claude-sonnet-4-5 (prompt 7d41e0c)',
        behaviour: { ...approvedSummary, brokenJsonRate: 0.0005, costMeanUsd: 0.0036, poorQualityRate: 0.045 },
      },
    ],
    offlineEvidence: { tasks: 1000, passed: 999, notes: 'offline eval on sha256:6c02aa91d7e4 (simulated)' },
    expect: { status: 'promoted' },
    maxMinutes: 120,
    outputs: 'summaries',
  },
];

/** The files the demo applies, relative to examples/ (the shipped examples, unchanged). */
export const demoFiles = ['support-summary.yaml', 'ride-pricing.yaml', 'demo/support-summary-healthy.yaml'] as const;

/** Production labels the demo sets before any release starts: each workflow's control. */
export const productionLabels = [
  { workflow: 'support-summary', version: '2026-04-10.1' },
  { workflow: 'ride-pricing', version: '41' },
] as const;
