import { inheritedRequirementIssues } from './component-requirements.js';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { bundleId, diffBundles, sha256Canonical, type BundleDiff } from './bundle-model.js';
import type { BundleSpec } from './bundle-schema.js';
import type {
  BundleRecord,
  LabelMove,
  LabelRecord,
  RegistryStore,
  RetentionHold,
  WorkflowRecord,
} from './registry-store.js';
import type { WorkflowSpec } from './workflow-schema.js';
import type { Transact } from '../../db/transaction.js';
import type { AuditStore } from '../audit/audit-store.js';

/** What applying one document did. */
export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** Why a bundle cannot be deleted or archived now. */
export interface RetentionReason {
  kind: 'label' | 'hold';
  message: string;
}

/**
 * Called inside a label move's transaction (so what the label drives changes atomically with it);
 * may return work to run once the transaction has committed (e.g. notifying subscribers).
 */
export type LabelMovedHook<S> = (
  stores: S,
  move: { workflow: string; environment: string; label: string; version: string },
  actor: Principal,
  reason: string,
) => Promise<(() => void) | undefined>;

/** The stores the registry reads and writes (in `transact`, bound to its transaction). */
export interface RegistryStores {
  registry: RegistryStore;
  audit: Pick<AuditStore, 'append'>;
}

/**
 * The workflow and bundle registry: workflows, immutable bundles, labels with history, retention.
 * `S` is what its transactions are given (the composition root's stores), so a label move's hook
 * can write what the label drives in the same transaction.
 */
export class RegistryService<S extends RegistryStores = RegistryStores> {
  constructor(
    private readonly deps: {
      stores: S;
      transact: Transact<S>;
      clock: Clock;
      cooldownMs: number;
      onLabelMoved?: LabelMovedHook<S>;
    },
  ) {}

  /** Creates or updates a workflow; identical content is a no-op. */
  async applyWorkflow(
    spec: WorkflowSpec,
    actor: Principal,
    stores: RegistryStores = this.deps.stores,
  ): Promise<ApplyOutcome> {
    const hash = sha256Canonical(spec);
    const existing = await stores.registry.getWorkflow(spec.name);
    if (existing?.contentHash === hash) return 'unchanged';
    const at = this.deps.clock.now();
    if (existing) await stores.registry.updateWorkflow(spec.name, spec, hash, actor.subject, at);
    else {
      await stores.registry.insertWorkflow({
        name: spec.name,
        spec,
        contentHash: hash,
        createdAt: at,
        createdBy: actor.subject,
        updatedAt: at,
        updatedBy: actor.subject,
      });
    }
    const action = existing ? 'workflow.updated' : 'workflow.created';
    await stores.audit.append({ at, actor: actor.subject, action, subject: spec.name, details: { contentHash: hash } });
    return existing ? 'updated' : 'created';
  }

  /**
   * Stores a bundle. The same content again returns the same id (`unchanged`); other content
   * under an existing version is a 409, because bundles are immutable.
   */
  async applyBundle(
    spec: BundleSpec,
    actor: Principal,
    stores: RegistryStores = this.deps.stores,
  ): Promise<{ outcome: ApplyOutcome; id: string }> {
    const id = bundleId(spec);
    const workflow = await stores.registry.getWorkflow(spec.workflow);
    if (!workflow) {
      throw new AppError('not_found', `workflow ${spec.workflow} not found: apply its Workflow document first`);
    }
    const existing = await stores.registry.getBundle(spec.workflow, spec.version);
    if (existing) return { outcome: this.sameOrConflict(existing, id), id };
    // A reused component keeps what it was declared to need in any bundle (component-requirements.ts).
    const others = await stores.registry.listBundles(spec.workflow, { includeArchived: true });
    const issues = inheritedRequirementIssues(
      spec,
      others.map((b) => b.spec),
    );
    if (issues.length > 0)
      throw new AppError('validation_failed', `invalid bundle: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
    const at = this.deps.clock.now();
    const record = {
      id,
      workflow: spec.workflow,
      version: spec.version,
      spec,
      createdAt: at,
      createdBy: actor.subject,
    };
    if (!(await stores.registry.insertBundle({ ...record, archivedAt: null, archivedBy: null }))) {
      // A concurrent apply won the race: the same content is fine, other content is a 409.
      const winner = await stores.registry.getBundle(spec.workflow, spec.version);
      if (winner) return { outcome: this.sameOrConflict(winner, id), id };
      throw new AppError('conflict', `a bundle with id ${id} already exists under another version`);
    }
    await stores.audit.append({
      at,
      actor: actor.subject,
      action: 'bundle.created',
      subject: `${spec.workflow}/${spec.version}`,
      details: { id },
    });
    return { outcome: 'created', id };
  }

  private sameOrConflict(existing: BundleRecord, id: string): ApplyOutcome {
    if (existing.id === id) return 'unchanged';
    throw new AppError(
      'conflict',
      `bundle ${existing.workflow}/${existing.version} already exists with different content (${existing.id}); ` +
        'bundles are immutable: give the new content a new version',
      [{ path: 'version', message: 'already used', existingId: existing.id, newId: id }],
    );
  }

  /** A workflow or 404. */
  async getWorkflow(name: string): Promise<WorkflowRecord> {
    const wf = await this.deps.stores.registry.getWorkflow(name);
    if (!wf) throw notFound(`workflow ${name}`);
    return wf;
  }

  /** All workflows. */
  listWorkflows(): Promise<WorkflowRecord[]> {
    return this.deps.stores.registry.listWorkflows();
  }

  /** A workflow's bundles. */
  async listBundles(workflow: string, includeArchived = false): Promise<BundleRecord[]> {
    await this.getWorkflow(workflow);
    return this.deps.stores.registry.listBundles(workflow, { includeArchived });
  }

  /** One bundle or 404. */
  async getBundle(workflow: string, version: string): Promise<BundleRecord> {
    const bundle = await this.deps.stores.registry.getBundle(workflow, version);
    if (!bundle) throw notFound(`bundle ${workflow}/${version}`);
    return bundle;
  }

  /** The component-by-component diff of two bundles of a workflow. */
  async diff(workflow: string, from: string, to: string): Promise<BundleDiff> {
    const [a, b] = await Promise.all([this.getBundle(workflow, from), this.getBundle(workflow, to)]);
    return diffBundles(a.spec, b.spec);
  }

  /** Labels of a workflow (optionally one environment). */
  async listLabels(workflow: string, environment?: string): Promise<LabelRecord[]> {
    await this.getWorkflow(workflow);
    return this.deps.stores.registry.listLabels(workflow, environment);
  }

  /** The label history, newest first. */
  async labelHistory(
    workflow: string,
    options: { environment?: string; label?: string; limit?: number },
  ): Promise<LabelMove[]> {
    await this.getWorkflow(workflow);
    return this.deps.stores.registry.labelHistory(workflow, options);
  }

  /**
   * Points a label at a bundle, appending the move to the history. Moving `production` away from
   * a bundle starts its cool-down hold (R1.4), so the previous production bundle stays restorable.
   */
  async setLabel(
    input: {
      workflow: string;
      environment: string;
      label: string;
      version: string;
      reason: string;
      cooldownMs?: number;
    },
    actor: Principal,
  ): Promise<{ move: LabelMove | null; label: LabelRecord }> {
    let afterCommit: (() => void) | undefined;
    const result = await this.deps.transact(async (s) => {
      const bundle = await s.registry.getBundle(input.workflow, input.version);
      if (!bundle) throw notFound(`bundle ${input.workflow}/${input.version}`);
      if (bundle.archivedAt) {
        throw new AppError(
          'conflict',
          `bundle ${input.workflow}/${input.version} is archived: unarchive it before pointing a label at it`,
        );
      }
      const current = await s.registry.getLabel(input.workflow, input.environment, input.label);
      if (current?.bundleVersion === input.version) return { move: null, label: current };
      const at = this.deps.clock.now();
      const { cooldownMs: _cooldown, ...moveInput } = input;
      const move = await s.registry.moveLabel({ ...moveInput, toVersion: input.version, actor: actor.subject, at });
      if (input.label === 'production' && current) {
        await s.registry.addHold({
          workflow: input.workflow,
          bundleVersion: current.bundleVersion,
          kind: 'cooldown',
          reason: `previous production bundle in ${input.environment}, kept warm after the move to ${input.version}`,
          until: new Date(at.getTime() + (input.cooldownMs ?? this.deps.cooldownMs)),
          createdAt: at,
        });
      }
      const { workflow, environment, label, version, reason } = input;
      await s.audit.append({
        at,
        actor: actor.subject,
        action: 'label.moved',
        subject: `${workflow}/${environment}/${label}`,
        details: { from: current?.bundleVersion ?? null, to: version, reason },
      });
      afterCommit = await this.deps.onLabelMoved?.(s, { workflow, environment, label, version }, actor, reason);
      const updated = await s.registry.getLabel(input.workflow, input.environment, input.label);
      return { move, label: updated! };
    });
    afterCommit?.();
    return result;
  }

  /** Why a bundle must be kept now (labels, releases, cool-downs); empty when it may go. */
  async retentionReasons(
    workflow: string,
    version: string,
    stores: RegistryStores = this.deps.stores,
  ): Promise<RetentionReason[]> {
    const now = this.deps.clock.now();
    const [labels, holds] = await Promise.all([
      stores.registry.labelsPointingAt(workflow, version),
      stores.registry.activeHolds(workflow, version, now),
    ]);
    return [
      ...labels.map((l): RetentionReason => ({
        kind: 'label',
        message: `label ${l.label} in ${l.environment} points at it`,
      })),
      ...holds.map((h): RetentionReason => ({ kind: 'hold', message: holdMessage(h) })),
    ];
  }

  /** Archives a bundle (hidden from lists, not restorable by label) unless something still needs it. */
  async archiveBundle(workflow: string, version: string, actor: Principal): Promise<BundleRecord> {
    return this.removeBundle(workflow, version, actor, 'archive');
  }

  /** Deletes a bundle unless something still needs it. */
  async deleteBundle(workflow: string, version: string, actor: Principal): Promise<BundleRecord> {
    return this.removeBundle(workflow, version, actor, 'delete');
  }

  /** Brings an archived bundle back. */
  async unarchiveBundle(workflow: string, version: string, actor: Principal): Promise<BundleRecord> {
    return this.deps.transact(async (s) => {
      const bundle = await s.registry.getBundle(workflow, version);
      if (!bundle) throw notFound(`bundle ${workflow}/${version}`);
      if (!bundle.archivedAt) return bundle;
      await s.registry.unarchiveBundle(workflow, version);
      const at = this.deps.clock.now();
      await s.audit.append({
        at,
        actor: actor.subject,
        action: 'bundle.unarchived',
        subject: `${workflow}/${version}`,
        details: {},
      });
      return { ...bundle, archivedAt: null, archivedBy: null };
    });
  }

  private async removeBundle(
    workflow: string,
    version: string,
    actor: Principal,
    how: 'archive' | 'delete',
  ): Promise<BundleRecord> {
    return this.deps.transact(async (s) => {
      const bundle = await s.registry.getBundle(workflow, version);
      if (!bundle) throw notFound(`bundle ${workflow}/${version}`);
      const reasons = await this.retentionReasons(workflow, version, s);
      if (reasons.length > 0) {
        throw new AppError(
          'retention_hold',
          `bundle ${workflow}/${version} cannot be ${how}d: ${reasons.map((r) => r.message).join('; ')}`,
          reasons.map((r) => ({ message: r.message, kind: r.kind })),
        );
      }
      const at = this.deps.clock.now();
      if (how === 'archive') await s.registry.archiveBundle(workflow, version, actor.subject, at);
      else await s.registry.deleteBundle(workflow, version);
      await s.audit.append({
        at,
        actor: actor.subject,
        action: `bundle.${how}d`,
        subject: `${workflow}/${version}`,
        details: { id: bundle.id },
      });
      return how === 'archive' ? { ...bundle, archivedAt: at, archivedBy: actor.subject } : bundle;
    });
  }
}

function holdMessage(hold: RetentionHold): string {
  const until = hold.until ? ` until ${hold.until.toISOString()}` : '';
  return `${hold.kind} hold${until}: ${hold.reason}`;
}

/** The registry as its callers see it: its public operations, whatever stores its transactions bind. */
export type RegistryPort = { [K in keyof RegistryService]: RegistryService[K] };
