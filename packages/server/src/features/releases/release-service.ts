import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { sha256Canonical } from '../bundles/bundle-model.js';
import type { ApplyOutcome } from '../bundles/registry-service.js';
import { releaseConsistency } from './ticket/release-model.js';
import type { ReleaseSpec } from './ticket/release-schema.js';
import type { DecisionRecord, ReleaseEvent, ReleaseRecord, ReleaseStatus } from './release-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ConfigStore } from '../flags/config-store.js';
import type { ReleaseStore } from './release-store.js';
import type { AuditStore } from '../audit/audit-store.js';

/** The stores release tickets read and write (the caller's, or bound to its transaction). */
export interface ReleaseServiceStores {
  registry: RegistryStore;
  config: ConfigStore;
  releases: ReleaseStore;
  audit: AuditStore;
}

/** What applying a Release document did, with any warnings about it. */
export interface ReleaseApplyResult {
  outcome: ApplyOutcome;
  id: string;
  warnings: string[];
}

/**
 * Release tickets (R2): stored as written, checked against their workflow and bundles. A pending
 * release may be re-applied with changes; once it has started, its ticket is fixed.
 */
export class ReleaseService {
  constructor(private readonly deps: { stores: ReleaseServiceStores; clock: Clock }) {}

  /** Creates or updates a pending release from its ticket. Call inside the apply transaction. */
  async apply(spec: ReleaseSpec, actor: Principal, stores = this.deps.stores): Promise<ReleaseApplyResult> {
    const workflow = await stores.registry.getWorkflow(spec.workflow);
    if (!workflow)
      throw new AppError('not_found', `workflow ${spec.workflow} not found: apply its Workflow document first`);
    const [control, candidate] = await Promise.all([
      stores.registry.getBundle(spec.workflow, spec.control),
      stores.registry.getBundle(spec.workflow, spec.candidate),
    ]);
    const missing = [
      !control && `control bundle ${spec.workflow}/${spec.control}`,
      !candidate && `candidate bundle ${spec.workflow}/${spec.candidate}`,
    ].filter(Boolean);
    if (!control || !candidate)
      throw new AppError('not_found', `${missing.join(' and ')} not found: apply the Bundle documents first`);
    // The segments the environment defines now: a plan naming another one gets a warning at apply
    // (segments are flag settings that may be defined later), and `releases start` refuses it.
    const latest = await stores.config.latest(spec.environment, spec.workflow);
    const report = releaseConsistency({
      release: spec,
      workflow: workflow.spec,
      control: control.spec,
      candidate: candidate.spec,
      segments: Object.keys(latest?.config.segments ?? {}),
    });
    if (report.errors.length > 0) {
      throw new AppError(
        'validation_failed',
        `release ${spec.name} does not fit its workflow and bundles: ${report.errors[0]!.path}: ${report.errors[0]!.message}`,
        report.errors,
      );
    }
    const warnings = report.warnings.map((w) => `${w.path ? `${w.path}: ` : ''}${w.message}`);
    const hash = sha256Canonical(spec);
    const existing = await stores.releases.getByName(spec.workflow, spec.environment, spec.name);
    if (existing?.contentHash === hash) return { outcome: 'unchanged', id: existing.id, warnings };
    const at = this.deps.clock.now();
    if (existing) {
      if (existing.status !== 'pending') {
        throw new AppError(
          'conflict',
          `release ${spec.name} is ${existing.status}: its ticket can no longer change; give the new ticket a new name`,
        );
      }
      await stores.releases.updateTicket(existing.id, { spec, contentHash: hash, updatedAt: at });
      await this.record(stores, existing.id, at, 'release.updated', actor.subject, { contentHash: hash });
      return { outcome: 'updated', id: existing.id, warnings };
    }
    const id = `rel_${randomBytes(6).toString('hex')}`;
    const record: ReleaseRecord = {
      id,
      workflow: spec.workflow,
      environment: spec.environment,
      name: spec.name,
      spec,
      contentHash: hash,
      status: 'pending',
      state: {},
      references: {},
      stage: -1,
      createdAt: at,
      createdBy: actor.subject,
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
    };
    await stores.releases.insert(record);
    // The release needs both bundles until it ends (R1.4).
    for (const version of [spec.control, spec.candidate]) {
      await stores.registry.addHold({
        workflow: spec.workflow,
        bundleVersion: version,
        kind: 'release',
        reason: `release ${spec.name} in ${spec.environment}`,
        until: null,
        createdAt: at,
      });
    }
    await this.record(stores, id, at, 'release.created', actor.subject, { contentHash: hash, warnings });
    return { outcome: 'created', id, warnings };
  }

  /** Releases, newest first. */
  list(
    options: { workflow?: string; statuses?: readonly ReleaseStatus[]; active?: boolean } = {},
  ): Promise<ReleaseRecord[]> {
    return this.deps.stores.releases.list(options);
  }

  /** A release by workflow, environment and name, or 404. */
  async get(workflow: string, environment: string, name: string): Promise<ReleaseRecord> {
    const release = await this.deps.stores.releases.getByName(workflow, environment, name);
    if (!release) throw notFound(`release ${name} of ${workflow} in ${environment}`);
    return release;
  }

  /** A release by id. */
  byId(id: string): Promise<ReleaseRecord | undefined> {
    return this.deps.stores.releases.get(id);
  }

  /** A release's decisions, oldest first. */
  decisions(releaseId: string): Promise<DecisionRecord[]> {
    return this.deps.stores.releases.decisions(releaseId);
  }

  /** A release's timeline. */
  timeline(releaseId: string): Promise<ReleaseEvent[]> {
    return this.deps.stores.releases.events(releaseId);
  }

  private async record(
    stores: ReleaseServiceStores,
    releaseId: string,
    at: Date,
    kind: string,
    actor: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await stores.releases.addEvent({ releaseId, at, kind, actor, details });
    await stores.audit.append({ at, actor, action: kind, subject: releaseId, details });
  }
}
