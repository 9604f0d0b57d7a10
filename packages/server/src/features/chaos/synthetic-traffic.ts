/**
 * The built-in synthetic traffic of a chaos run (R8.1): a real SDK client (`@ripcord/sdk`, local
 * routing, polling sync, batched outcome reports) whose HTTP requests are answered in-process by
 * this server's own app, with a short-lived SDK token minted for the run. Half the requests carry
 * attributes that place them in the drill segment (the SDK routes them to the candidate arm); the
 * other half do not (control). Nobody outside the synthetic requests is served anything.
 */
import { createClient, decisionFields, type RipcordClient, type RouteDecision } from '@ripcord/sdk';
import type { Condition, ConditionScalar, Segment } from '@ripcord/protocol';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import { outcome, type Fault, type HealthyProfile } from './faults.js';

/** Where the synthetic client's HTTP requests go (the app's `fetch`, in-process). */
export type InProcessFetch = (request: Request) => Response | Promise<Response>;

/** What one batch of synthetic requests did. */
export interface BatchCount {
  candidate: number;
  control: number;
}

/** A live synthetic client for one chaos run. */
export class SyntheticTraffic {
  private sent = 0;

  private constructor(
    private readonly client: RipcordClient,
    private readonly opts: {
      workflow: string;
      clock: Clock;
      inSegment: Record<string, ConditionScalar>;
      profile: HealthyProfile;
      random: () => number;
      runId: string;
    },
  ) {}

  /** Opens the client (it has read the configuration once this resolves). */
  static async open(opts: {
    fetch: InProcessFetch;
    token: string;
    environment: string;
    workflow: string;
    segment: Segment;
    segmentName: string;
    clock: Clock;
    profile: HealthyProfile;
    random: () => number;
    runId: string;
  }): Promise<SyntheticTraffic> {
    const inSegment = segmentAttributes(opts.segment, opts.segmentName);
    const client = createClient({
      server: 'http://127.0.0.1',
      token: opts.token,
      environment: opts.environment,
      workflows: [opts.workflow],
      streaming: false,
      pollIntervalMs: 50,
      readyTimeoutMs: 30_000,
      report: { flushIntervalMs: 60_000, batchSize: 1000, maxAttempts: 5, retryBaseMs: 50 },
      fetch: (input, init) => Promise.resolve(opts.fetch(new Request(input, init))),
    });
    await client.ready();
    return new SyntheticTraffic(client, { ...opts, inSegment });
  }

  /** The configuration revision the client serves. */
  get revision(): number | undefined {
    return this.client.revision;
  }

  /**
   * Sends `n` requests (half in the drill segment), each routed by the SDK and reported with the
   * fault when the candidate served it; resolves once the server acknowledged every report.
   */
  async batch(n: number, fault: Fault | undefined): Promise<BatchCount> {
    const count = { candidate: 0, control: 0 };
    const at = this.opts.clock.now().toISOString();
    for (let i = 0; i < n; i += 1) {
      const id = (this.sent += 1);
      const key = `chaos-${this.opts.runId}-${id % 500}`;
      const attributes = i % 2 === 0 ? this.opts.inSegment : {};
      const decision: RouteDecision = this.client.route(this.opts.workflow, { key, ...attributes });
      const onCandidate = decision.arm === 'candidate';
      count[onCandidate ? 'candidate' : 'control'] += 1;
      const fields = outcome(this.opts.profile, this.opts.random, onCandidate ? fault : undefined);
      this.client.report({
        type: 'outcome',
        workflow: this.opts.workflow,
        requestId: `chaos-${this.opts.runId}-${id}`,
        key,
        at,
        ...decisionFields(decision),
        ...fields,
      });
    }
    await this.client.flush();
    return count;
  }

  /** Routes `n` drill-segment requests without reporting them: how many reached the candidate arm. */
  probeSegment(n: number): { candidate: number; bundles: string[] } {
    let candidate = 0;
    const bundles = new Set<string>();
    for (let i = 0; i < n; i += 1) {
      const d = this.client.route(this.opts.workflow, {
        key: `chaos-${this.opts.runId}-probe-${i}`,
        ...this.opts.inSegment,
      });
      if (d.arm === 'candidate') candidate += 1;
      if (d.bundleVersion) bundles.add(d.bundleVersion);
    }
    return { candidate, bundles: [...bundles] };
  }

  /** Waits (up to `ms` of real time) until the client serves at least `revision`. */
  async reach(revision: number, ms = 10_000): Promise<boolean> {
    const until = Date.now() + ms;
    while ((this.client.revision ?? -1) < revision) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Attributes that satisfy every condition of the drill segment (the synthetic requests' "staff"
 * marker); a condition no value can be made up for is a 409 naming it.
 */
export function segmentAttributes(segment: Segment, name: string): Record<string, ConditionScalar> {
  const out: Record<string, ConditionScalar> = {};
  for (const c of segment.conditions) {
    const value = satisfying(c);
    if (value === undefined || c.attribute === 'key')
      throw new AppError(
        'conflict',
        `the synthetic traffic cannot place a request in the drill segment ${name}: no value of ${c.attribute} can be made up for \`${c.op} ${JSON.stringify(c.value)}\``,
      );
    out[c.attribute] = value;
  }
  return out;
}

function satisfying(c: Condition): ConditionScalar | undefined {
  const v = c.value;
  if (Array.isArray(v)) return c.op === 'in' ? v[0] : c.op === 'not_in' ? notIn(v) : undefined;
  switch (c.op) {
    case 'eq':
    case 'gte':
    case 'lte':
      return v;
    case 'neq':
      return typeof v === 'boolean' ? !v : typeof v === 'number' ? v + 1 : `${v}-chaos`;
    case 'gt':
      return typeof v === 'number' ? v + 1 : undefined;
    case 'lt':
      return typeof v === 'number' ? v - 1 : undefined;
    case 'starts_with':
      return `${String(v)}chaos`;
    case 'ends_with':
      return `chaos${String(v)}`;
    case 'contains':
      return `chaos-${String(v)}-chaos`;
    case 'in':
    case 'not_in':
      return undefined;
  }
}

function notIn(values: ConditionScalar[]): ConditionScalar {
  if (values.every((x) => typeof x === 'number')) return Math.max(...values) + 1;
  return `chaos-synthetic-${values.length}`;
}
