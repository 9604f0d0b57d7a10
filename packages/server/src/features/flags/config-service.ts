import type {
  ConfigSnapshot,
  FlagDefinition,
  JsonValue,
  Segment,
  TrafficSplit,
  WorkflowConfig,
} from '@ripcord/protocol';
import { validateSnapshot } from '@ripcord/sdk';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ConfigChangeRecord, ConfigRevision, ConfigStore, StoredWorkflowConfig } from './config-store.js';
import { applyValue, inferType, wellKnownIssues } from './flag-values.js';
import { ConfigCache, type EnvState, type RevisionListener } from './config-cache.js';
import type { Transact } from '../../db/transaction.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';

/** The stores the configuration service reads and writes (in `transact`, bound to its transaction). */
export interface ConfigStores {
  config: ConfigStore;
  registry: Pick<RegistryStore, 'getBundle' | 'getLabel' | 'getWorkflow'>;
  audit: Pick<AuditStore, 'append'>;
}

/** Options of a change: run inside an outer transaction; tag it with an idempotency key. */
export interface ChangeOptions {
  outer?: ConfigStores;
  /** A change carrying a key already in the workflow's history is not applied twice (see `applied`). */
  key?: string;
}

/** A workflow's current configuration and the revision that produced it. */
export interface CurrentConfig {
  revision: number;
  config: StoredWorkflowConfig;
}

type Mutation = (
  config: StoredWorkflowConfig,
  stores: ConfigStores,
) => Promise<ConfigChangeRecord> | ConfigChangeRecord;

/**
 * Flags, segments, serving bundles and traffic splits per workflow and environment (R3). Every
 * change appends an immutable, numbered revision; listeners (the SSE fan-out) hear of it after
 * it commits. Current configuration is cached per environment and refreshed from each commit
 * (config-cache.ts).
 */
export class ConfigService {
  private readonly cache: ConfigCache;

  constructor(private readonly deps: { stores: ConfigStores; transact: Transact<ConfigStores>; clock: Clock }) {
    this.cache = new ConfigCache(deps.stores.config);
  }

  /** Hears of every committed revision. Returns an unsubscribe function. */
  subscribe(listener: RevisionListener): () => void {
    return this.cache.subscribe(listener);
  }

  /** The SDK snapshot of an environment: the requested workflows (all when absent) that have a control bundle. */
  async snapshot(environment: string, workflows?: readonly string[]): Promise<ConfigSnapshot> {
    const env = await this.environment(environment);
    const out: Record<string, WorkflowConfig> = {};
    for (const name of workflows ?? [...env.workflows.keys()]) {
      const row = env.workflows.get(name);
      const published = row && toPublished(row);
      if (published) out[name] = published;
    }
    return { environment, revision: env.head, generatedAt: this.deps.clock.now().toISOString(), workflows: out };
  }

  /** The environment's head revision (0 before any configuration). */
  async head(environment: string): Promise<number> {
    return (await this.environment(environment)).head;
  }

  /** A workflow's current configuration in an environment, if it has any. */
  async current(environment: string, workflow: string): Promise<CurrentConfig | undefined> {
    const row = (await this.environment(environment)).workflows.get(workflow);
    return row && { revision: row.revision, config: row.config };
  }

  /** True when a revision tagged with `key` exists among the workflow's recent revisions. */
  async applied(environment: string, workflow: string, key: string): Promise<boolean> {
    const recent = await this.deps.stores.config.history(environment, workflow, 200);
    return recent.some((r) => r.change.key === key);
  }

  /** Revisions of a workflow, newest first. */
  history(environment: string, workflow: string, limit?: number): Promise<ConfigRevision[]> {
    return this.deps.stores.config.history(environment, workflow, limit);
  }

  /** Sets a flag: a full definition, or a value (optionally for one segment only). */
  setFlag(
    target: { environment: string; workflow: string; key: string },
    input: { definition: FlagDefinition } | { value: JsonValue; segment?: string; type?: FlagDefinition['type'] },
    actor: Principal,
    reason: string,
    opts: ChangeOptions = {},
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, opts, (config) => {
      const definition =
        'definition' in input
          ? input.definition
          : applyValue(config.flags[target.key], input.value, input.type ?? inferType(input.value), input.segment);
      const issues = wellKnownIssues(target.key, definition, 'definition' in input ? 'definition' : 'value');
      if (issues.length > 0)
        throw new AppError('validation_failed', `invalid flag ${target.key}: ${issues[0]!.message}`, issues);
      config.flags[target.key] = definition;
      return { kind: 'flag.set', key: target.key, definition };
    });
  }

  /** Removes a flag's definition: the serving bundle's value applies again. */
  unsetFlag(
    target: { environment: string; workflow: string; key: string },
    actor: Principal,
    reason: string,
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, {}, (config) => {
      if (!config.flags[target.key])
        throw notFound(`flag ${target.key} definition in ${target.workflow}/${target.environment}`);
      delete config.flags[target.key];
      return { kind: 'flag.unset', key: target.key };
    });
  }

  /** Creates or replaces a segment. */
  setSegment(
    target: { environment: string; workflow: string; name: string },
    segment: Segment,
    actor: Principal,
    reason: string,
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, {}, (config) => {
      config.segments[target.name] = segment;
      return { kind: 'segment.set', name: target.name, segment };
    });
  }

  /** Removes a segment nothing refers to. */
  unsetSegment(
    target: { environment: string; workflow: string; name: string },
    actor: Principal,
    reason: string,
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, {}, (config) => {
      if (!config.segments[target.name])
        throw notFound(`segment ${target.name} in ${target.workflow}/${target.environment}`);
      const users = segmentUsers(config, target.name);
      if (users.length > 0)
        throw new AppError('conflict', `segment ${target.name} is still used by ${users.join(', ')}`);
      delete config.segments[target.name];
      return { kind: 'segment.unset', name: target.name };
    });
  }

  /** Starts or changes a release's traffic split to a candidate bundle. */
  setSplit(
    target: { environment: string; workflow: string },
    split: TrafficSplit & { candidate: string },
    actor: Principal,
    reason: string,
    opts: ChangeOptions = {},
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, opts, async (config, stores) => {
      if (!config.bundles.control)
        throw new AppError(
          'conflict',
          `${target.workflow} has no production label in ${target.environment}: set one before splitting traffic`,
        );
      if (split.candidate === config.bundles.control.version)
        throw new AppError('conflict', `the candidate ${split.candidate} is the control bundle`);
      config.bundles.candidate = await bundleFlags(stores, target.workflow, split.candidate);
      const { candidate: _c, ...rest } = split;
      config.split = rest;
      return { kind: 'split.set', release: split.release, candidate: split.candidate, percent: split.percent };
    });
  }

  /** Ends a split: everyone gets the control bundle. */
  clearSplit(
    target: { environment: string; workflow: string },
    actor: Principal,
    reason: string,
    opts: ChangeOptions = {},
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, opts, (config) => {
      if (!config.split)
        throw new AppError('conflict', `${target.workflow} has no traffic split in ${target.environment}`);
      delete config.split;
      delete config.bundles.candidate;
      return { kind: 'split.cleared' };
    });
  }

  /**
   * Serves `version` as the control bundle (the production label moved). Runs inside the label
   * move's transaction; `afterCommit` must be called once that commits.
   */
  controlChanged(
    stores: ConfigStores,
    target: { environment: string; workflow: string },
    version: string,
    actor: Principal,
    reason: string,
  ): Promise<ConfigRevision> {
    return this.change(target, actor, reason, { outer: stores }, async (config, s) => {
      config.bundles.control = await bundleFlags(s, target.workflow, version);
      if (config.bundles.candidate?.version === version) {
        delete config.bundles.candidate;
        delete config.split;
      }
      return { kind: 'control.changed', version };
    });
  }

  /**
   * Publishes, in order, the revisions of an environment another replica committed since this one
   * last saw (LISTEN/NOTIFY or a reconnect: revision-feed.ts). Environments not cached yet load
   * the latest on first use, so there is nothing to catch up for them.
   */
  catchUp(environment?: string): Promise<void> {
    return this.cache.catchUp(environment);
  }

  /** Publishes a revision committed by an outer transaction (see `controlChanged`). */
  afterCommit(revision: ConfigRevision): void {
    this.publish(revision);
  }

  private async change(
    target: { environment: string; workflow: string },
    actor: Principal,
    reason: string,
    opts: ChangeOptions,
    mutate: Mutation,
  ): Promise<ConfigRevision> {
    const outer = opts.outer;
    const work = async (stores: ConfigStores) => {
      if (!(await stores.registry.getWorkflow(target.workflow))) throw notFound(`workflow ${target.workflow}`);
      const latest = await stores.config.latest(target.environment, target.workflow);
      const config = latest ? structuredClone(latest.config) : await this.initial(stores, target);
      const change = { ...(await mutate(config, stores)), ...(opts.key ? { key: opts.key } : {}) };
      const at = this.deps.clock.now();
      config.lastChange = { actor: actor.subject, reason, at: at.toISOString() };
      assertPublishable(target, config, (latest?.revision ?? 0) + 1);
      const revision = await stores.config.append({ ...target, config, change, actor: actor.subject, reason, at });
      await stores.audit.append({
        at,
        actor: actor.subject,
        action: `config.${change.kind}`,
        subject: `${target.workflow}/${target.environment}`,
        details: { revision: revision.revision, reason, change },
      });
      return revision;
    };
    if (outer) return work(outer);
    const revision = await this.deps.transact(work);
    this.publish(revision);
    return revision;
  }

  private async initial(
    stores: ConfigStores,
    target: { environment: string; workflow: string },
  ): Promise<StoredWorkflowConfig> {
    const label = await stores.registry.getLabel(target.workflow, target.environment, 'production');
    const control = label ? await bundleFlags(stores, target.workflow, label.bundleVersion) : undefined;
    return { flags: {}, segments: {}, bundles: control ? { control } : {} };
  }

  private publish(revision: ConfigRevision): void {
    this.cache.publish(revision);
  }

  private environment(environment: string): Promise<EnvState> {
    return this.cache.environment(environment);
  }
}

async function bundleFlags(
  stores: ConfigStores,
  workflow: string,
  version: string,
): Promise<WorkflowConfig['bundles']['control']> {
  const bundle = await stores.registry.getBundle(workflow, version);
  if (!bundle) throw notFound(`bundle ${workflow}/${version}`);
  if (bundle.archivedAt) throw new AppError('conflict', `bundle ${workflow}/${version} is archived`);
  return { version, flags: (bundle.spec.flags ?? {}) as Record<string, JsonValue> };
}

function toPublished(row: ConfigRevision): WorkflowConfig | undefined {
  const { control, candidate } = row.config.bundles;
  if (!control) return undefined;
  return { ...row.config, revision: row.revision, bundles: candidate ? { control, candidate } : { control } };
}

function segmentUsers(config: StoredWorkflowConfig, name: string): string[] {
  const users = Object.entries(config.flags)
    .filter(([, d]) => d.rules?.some((r) => r.segment === name))
    .map(([k]) => `flag ${k}`);
  if (config.split?.eligibleSegment === name || config.split?.segmentPercents?.some((s) => s.segment === name))
    users.push('the traffic split');
  return users;
}

/** Refuses a configuration SDKs would reject: the server only ever publishes valid snapshots. */
function assertPublishable(
  target: { environment: string; workflow: string },
  config: StoredWorkflowConfig,
  revision: number,
): void {
  const control = config.bundles.control ?? { version: '(none yet)', flags: {} };
  const workflow = { ...config, revision, bundles: { ...config.bundles, control } };
  const result = validateSnapshot({
    environment: target.environment,
    revision,
    generatedAt: '',
    workflows: { [target.workflow]: workflow },
  });
  if (result.ok) return;
  const prefix = `workflows.${target.workflow}.`;
  const details = result.issues.map((i) => ({
    path: i.path.startsWith(prefix) ? i.path.slice(prefix.length) : i.path,
    message: i.message,
  }));
  throw new AppError(
    'validation_failed',
    `invalid configuration: ${details[0]!.path}: ${details[0]!.message}`,
    details,
  );
}
