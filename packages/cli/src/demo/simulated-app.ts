/**
 * The simulated application: every request is routed by the real SDK (`client.route(workflow,
 * { key })`, local and sticky by key), served by the model route of the bundle the decision
 * names, checked the way the product would check it (parse the JSON, validate the schema, run or
 * draft tool calls by `ai.action.mode`), and reported with `client.report()` — outcome events with
 * the decision's release, arm and bundle version, and later the late labels (review verdicts).
 * It also keeps its own tally per arm, which is where the blast radius comes from.
 */
import { createClient, decisionFields, type ReportInput, type RipcordClient, type RouteDecision } from '@ripcord/sdk';
import type { Arm } from '@ripcord/protocol';
import { featureVector, marketAt, validSummary } from './app-inputs.js';
import { ModelClient } from './model-client.js';
import type { PricingAnswer, SummaryAnswer, ToolCall } from './model-behaviour.js';
import { chance, logNormal, requestRandom } from './seeded-random.js';

/** One request the traffic generator planned: who asks, and when (simulated time). */
export interface PlannedRequest {
  requestId: string;
  key: string;
  at: Date;
}

/** What the app counted for one arm in one phase. */
export interface ArmTally {
  requests: number;
  errors: number;
  schemaChecked: number;
  schemaFailures: number;
  safetyBlocks: number;
  successes: number;
  costUsd: number;
  /** Write tool calls that ran (automatic mode) and drafts held back (draft-only / review). */
  writesExecuted: number;
  writesDrafted: number;
  predictions: number;
  predictionSum: number;
  conversions: number;
  keys: Set<string>;
  /** Bundle versions that served this arm. */
  bundles: Set<string>;
  actionModes: Set<string>;
  firstAt: string | null;
  lastAt: string | null;
}

/** The app's tallies: per phase (`rollout`, then `verification` after a restore), per arm. */
export type Tallies = Record<string, Record<Arm, ArmTally>>;

/** Which kind of product the app is. */
export type AppKind = 'summary' | 'pricing';

/** How to build the app. */
export interface AppOptions {
  kind: AppKind;
  workflow: string;
  environment: string;
  server: string;
  sdkToken: string;
  /** Model route URL by bundle version (what the bundle's model route points at). */
  models: ReadonlyMap<string, string>;
  /** Features each bundle's feature pipeline computes (pricing only). */
  featuresByBundle?: ReadonlyMap<string, readonly string[]>;
  seed: number;
  /** Share of outputs a reviewer looks at later (summary only). */
  reviewShare?: number;
}

const emptyTally = (): ArmTally => ({
  requests: 0,
  errors: 0,
  schemaChecked: 0,
  schemaFailures: 0,
  safetyBlocks: 0,
  successes: 0,
  costUsd: 0,
  writesExecuted: 0,
  writesDrafted: 0,
  predictions: 0,
  predictionSum: 0,
  conversions: 0,
  keys: new Set(),
  bundles: new Set(),
  actionModes: new Set(),
  firstAt: null,
  lastAt: null,
});

const QUEUES = ['billing', 'shipping', 'returns', 'account'] as const;

/** A late label waiting for its simulated time. */
interface PendingLabel {
  at: number;
  event: ReportInput;
}

/** The simulated application of one workflow. */
export class SimulatedApp {
  readonly tallies: Tallies = {};
  private phase = 'rollout';
  private readonly models = new ModelClient();
  private client: RipcordClient | undefined;
  private labels: PendingLabel[] = [];
  /** When (real time) the SDK applied each configuration revision it received. */
  private readonly applied: { revision: number; at: number }[] = [];
  /** Requests whose model call failed at the network level (a bug in the demo, not a model error). */
  transportFailures = 0;

  constructor(private readonly options: AppOptions) {}

  /** Connects the SDK and waits for its first configuration snapshot. */
  async start(): Promise<void> {
    this.client = createClient({
      server: this.options.server,
      token: this.options.sdkToken,
      environment: this.options.environment,
      workflows: [this.options.workflow],
      readyTimeoutMs: 10_000,
      // Reporting is flushed by the simulation before each evaluation tick; the timer is a backstop.
      report: { batchSize: 1000, flushIntervalMs: 60_000, maxBufferedEvents: 50_000 },
    });
    this.client.on('change', () => this.applied.push({ revision: this.revision, at: performance.now() }));
    await this.client.ready();
  }

  private get sdk(): RipcordClient {
    if (this.client === undefined) throw new Error('the simulated app has not started');
    return this.client;
  }

  /** Starts counting into a new phase (e.g. `verification` once the restore reached the app). */
  setPhase(name: string): void {
    this.phase = name;
  }

  /** This phase's tally of an arm. */
  tally(arm: Arm, phase = this.phase): ArmTally {
    const byArm = (this.tallies[phase] ??= { control: emptyTally(), candidate: emptyTally() });
    return byArm[arm];
  }

  /** What the SDK decides for a key now. */
  route(key: string): RouteDecision {
    return this.sdk.route(this.options.workflow, { key });
  }

  /** The configuration revision the SDK serves for the workflow. */
  get revision(): number {
    return this.route('revision-probe').revision;
  }

  /**
   * How long after `since` (a `performance.now()` time) the SDK applied `revision` or a later one,
   * in real milliseconds: from its `change` events, waiting up to `timeoutMs`. Null on timeout.
   */
  async propagation(since: number, revision: number, timeoutMs = 5000): Promise<number | null> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = this.applied.find((a) => a.revision >= revision && a.at >= since);
      if (seen !== undefined) return seen.at - since;
      if (this.revision >= revision) return 0;
      if (performance.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** Serves planned requests, up to 32 at a time. */
  async serve(requests: readonly PlannedRequest[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const planned = requests[next++];
        if (planned !== undefined) await this.handle(planned);
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, requests.length) }, worker));
  }

  /** Reports the late labels whose time has come (up to `until`). */
  emitLabels(until: Date): void {
    const due = this.labels.filter((l) => l.at <= until.getTime());
    if (due.length === 0) return;
    this.labels = this.labels.filter((l) => l.at > until.getTime());
    for (const l of due) this.sdk.report(l.event);
  }

  /** Sends every buffered event and waits for the server's answer. */
  async flush(): Promise<void> {
    const { pending } = await this.sdk.flush({ timeoutMs: 120_000 });
    if (pending > 0) throw new Error(`the simulated application could not deliver ${pending} events`);
  }

  /** The SDK's reporting counters (sent, rejected, failed, dropped). */
  reportStats() {
    return this.sdk.stats();
  }

  /** Flushes and disconnects. */
  async close(): Promise<void> {
    await this.client?.close();
    this.models.close();
  }

  private async handle(planned: PlannedRequest): Promise<void> {
    const d = this.route(planned.key);
    const tally = this.tally(d.arm);
    tally.requests += 1;
    tally.keys.add(planned.key);
    if (d.bundleVersion !== undefined) tally.bundles.add(d.bundleVersion);
    const at = planned.at.toISOString();
    tally.firstAt ??= at;
    tally.lastAt = at;
    const url = d.bundleVersion === undefined ? undefined : this.options.models.get(d.bundleVersion);
    const base = {
      type: 'outcome' as const,
      workflow: this.options.workflow,
      requestId: planned.requestId,
      key: planned.key,
      at,
      ...decisionFields(d),
    };
    if (url === undefined) {
      tally.errors += 1;
      this.sdk.report({ ...base, error: true, errorKind: 'other', taskSuccess: false });
      return;
    }
    try {
      if (this.options.kind === 'summary') await this.summary(d, planned, url, base, tally);
      else await this.pricing(d, planned, url, base, tally);
    } catch {
      this.transportFailures += 1;
      tally.errors += 1;
      this.sdk.report({ ...base, error: true, errorKind: 'other', taskSuccess: false });
    }
  }

  private async summary(
    d: RouteDecision,
    planned: PlannedRequest,
    url: string,
    base: ReportInput & { type: 'outcome' },
    tally: ArmTally,
  ): Promise<void> {
    const rng = requestRandom(`${planned.requestId}/app`, this.options.seed);
    const actionMode = typeof d.flags['ai.action.mode'] === 'string' ? d.flags['ai.action.mode'] : 'automatic';
    tally.actionModes.add(actionMode);
    const ticket = {
      id: `T-${planned.requestId.slice(-6)}`,
      queue: QUEUES[Math.floor(rng.next() * QUEUES.length)] ?? 'billing',
      words: Math.round(logNormal(rng, 220, 0.6)),
    };
    const reply = await this.models.post(`${url}/v1/invoke`, {
      requestId: planned.requestId,
      ticket,
      toolsEnabled: d.flags['ai.tools.enabled'] !== false,
    });
    if (reply.status !== 200) {
      tally.errors += 1;
      const latencyMs = (reply.body as { latencyMs?: number }).latencyMs;
      this.sdk.report({
        ...base,
        error: true,
        errorKind: reply.status >= 500 ? 'http_5xx' : 'http_4xx',
        taskSuccess: false,
        actionMode,
        ...(latencyMs === undefined ? {} : { latencyMs }),
      });
      return;
    }
    const answer = reply.body as SummaryAnswer;
    const schemaValid = answer.safetyBlocked ? undefined : validSummary(answer.output);
    if (answer.safetyBlocked) tally.safetyBlocks += 1;
    if (schemaValid !== undefined) {
      tally.schemaChecked += 1;
      if (!schemaValid) tally.schemaFailures += 1;
    }
    const success = schemaValid === true;
    if (success) tally.successes += 1;
    tally.costUsd += answer.costUsd;
    // R3.4: in automatic mode a proposed write runs; in draft-only or review modes it is held as a draft.
    const toolCalls: ToolCall[] = answer.toolCalls.map((t) => {
      if (t.sideEffects !== 'write') return t;
      if (actionMode === 'automatic') {
        tally.writesExecuted += 1;
        return t;
      }
      tally.writesDrafted += 1;
      return { ...t, ok: false };
    });
    this.sdk.report({
      ...base,
      latencyMs: answer.latencyMs,
      error: false,
      ...(schemaValid === undefined ? {} : { schemaValid }),
      costUsd: Math.round(answer.costUsd * 1e6) / 1e6,
      taskSuccess: success,
      safetyBlocked: answer.safetyBlocked,
      actionMode,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    });
    if (schemaValid !== undefined && chance(rng, this.options.reviewShare ?? 0)) {
      // A reviewer reads the summary a few minutes later; broken or poor summaries are rejected.
      const reviewAt = planned.at.getTime() + Math.round((2 + rng.next() * 6) * 60_000);
      this.labels.push({
        at: reviewAt,
        event: {
          type: 'review',
          workflow: this.options.workflow,
          requestId: planned.requestId,
          ...(d.release === undefined ? {} : { release: d.release }),
          at: new Date(reviewAt).toISOString(),
          verdict: !schemaValid || answer.quality === 'poor' ? 'rejected' : 'accepted',
          reviewer: 'support-qa',
        },
      });
    }
  }

  private async pricing(
    d: RouteDecision,
    planned: PlannedRequest,
    url: string,
    base: ReportInput & { type: 'outcome' },
    tally: ArmTally,
  ): Promise<void> {
    const rng = requestRandom(`${planned.requestId}/app`, this.options.seed);
    const world = marketAt(rng);
    const names =
      (d.bundleVersion === undefined ? undefined : this.options.featuresByBundle?.get(d.bundleVersion)) ?? [];
    const features = featureVector(names, world, rng);
    const reply = await this.models.post(`${url}/v1/invoke`, {
      requestId: planned.requestId,
      features,
      trueSurge: world.trueSurge,
    });
    if (reply.status !== 200) {
      tally.errors += 1;
      const latencyMs = (reply.body as { latencyMs?: number }).latencyMs;
      this.sdk.report({
        ...base,
        error: true,
        errorKind: 'http_5xx',
        features,
        ...(latencyMs === undefined ? {} : { latencyMs }),
      });
      return;
    }
    const answer = reply.body as PricingAnswer;
    // Riders accept a fair price most of the time and an inflated one a little less often.
    const overprice = (answer.prediction - world.trueSurge) / world.trueSurge;
    const converted = chance(rng, Math.min(0.95, Math.max(0.05, 0.78 - 0.25 * overprice)));
    tally.predictions += 1;
    tally.predictionSum += answer.prediction;
    if (converted) tally.conversions += 1;
    tally.successes += 1;
    this.sdk.report({
      ...base,
      latencyMs: answer.latencyMs,
      error: false,
      prediction: answer.prediction,
      converted,
      features,
    });
  }
}

export { validSummary } from './app-inputs.js';
