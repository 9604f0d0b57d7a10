import { rollbackPath } from '../releases/readiness/readiness-workflow.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { RegistryPort } from '../bundles/registry-service.js';
import type { ConfigService } from '../flags/config-service.js';
import { holdsAny, ON_CALL_ROLES } from '../releases/authority/owner-roles.js';
import type { ReleaseMachine } from '../releases/machine/release-machine.js';
import type { RollbackOutcome } from '../releases/machine/rollback-request.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ReleaseStore } from '../releases/release-store.js';

/** The stores the operations view reads. */
export interface OperationsStores {
  registry: RegistryStore;
  releases: ReleaseStore;
}

/** The three operations a release must prove (R3.4), each one command. */
export type Operation = 'restore-route' | 'disable-tools' | 'human-review';

/** What an operation did. */
export interface OperationResult {
  operation: Operation;
  workflow: string;
  environment: string;
  summary: string;
  revision?: number;
  rollback?: RollbackOutcome;
}

/**
 * R3.4 as first-class operations: restore the previous model and prompt route; turn tool
 * execution off while read-only answers continue; move automatic actions to human review without
 * losing request history (requests already routed keep the mode they started with — the SDK's
 * decision carries it into their outcome events). The last two reduce automation, which the
 * incident commander may always do (R6.2) besides on-call engineers.
 */
export class OperationsService {
  constructor(
    private readonly deps: {
      stores: OperationsStores;
      config: ConfigService;
      registry: RegistryPort;
      machine: ReleaseMachine;
    },
  ) {}

  /** Runs one operation for a workflow in an environment. */
  async run(
    operation: Operation,
    target: { workflow: string; environment: string },
    actor: Principal,
    reason: string,
  ): Promise<OperationResult> {
    const workflow = await this.deps.stores.registry.getWorkflow(target.workflow);
    if (!workflow) throw notFound(`workflow ${target.workflow}`);
    const roles =
      operation === 'restore-route' ? ON_CALL_ROLES : [...ON_CALL_ROLES, 'incidentCommander' as const, 'risk' as const];
    if (!holdsAny(workflow.spec.owners, actor.subject, roles)) {
      throw new AppError(
        'forbidden',
        `${actor.subject} is not on call for ${target.workflow} (owners: ${roles.join(', ')})`,
      );
    }
    const base = { operation, ...target };
    if (operation === 'disable-tools') {
      const r = await this.deps.config.setFlag(
        { ...target, key: 'ai.tools.enabled' },
        { value: false },
        actor,
        `${reason} (R3.4: tools off, read-only answers continue)`,
      );
      return {
        ...base,
        revision: r.revision,
        summary: `revision ${r.revision}: ai.tools.enabled = false; answers without tool execution continue`,
      };
    }
    if (operation === 'human-review') {
      const r = await this.deps.config.setFlag(
        { ...target, key: 'ai.action.mode' },
        { value: 'human-review' },
        actor,
        `${reason} (R3.4: automatic actions to human review)`,
      );
      return {
        ...base,
        revision: r.revision,
        summary: `revision ${r.revision}: ai.action.mode = human-review; requests already routed finish under the mode they started with`,
      };
    }
    return this.restoreRoute(base, actor, reason);
  }

  /**
   * With a release in progress, its level-1 rollback; otherwise production goes back to the bundle
   * readiness names: the `previous` label, else the one production served before (label history).
   */
  private async restoreRoute(
    base: { operation: Operation; workflow: string; environment: string },
    actor: Principal,
    reason: string,
  ): Promise<OperationResult> {
    const active = (
      await this.deps.stores.releases.list({ workflow: base.workflow, statuses: ['running', 'paused'] })
    ).find((r) => r.environment === base.environment);
    if (active) {
      const rollback = await this.deps.machine.rollback(active, actor, { reason, requestedLevel: 1 });
      return { ...base, rollback, summary: `release ${active.name}: ${rollback.status}: ${rollback.summary}` };
    }
    // The same rollback path readiness proves: the `previous` label, else the label history.
    const path = await rollbackPath(this.deps.stores.registry, base);
    if (path.target === null)
      throw new AppError(
        'conflict',
        path.nothingReason === null
          ? `${base.workflow} has no release in progress and no production label in ${base.environment}: nothing to restore`
          : `${base.workflow} has no release in progress, and ${path.nothingReason}: nothing to restore`,
      );
    const moved = await this.deps.registry.setLabel(
      {
        workflow: base.workflow,
        environment: base.environment,
        label: 'production',
        version: path.target,
        reason: `${reason} (R3.4: restore the previous route)`,
      },
      actor,
    );
    return {
      ...base,
      summary: moved.move
        ? `production: ${moved.move.fromVersion ?? '(unset)'} → ${path.target} (from the ${path.targetFrom === 'previous-label' ? 'previous label' : 'label history'})`
        : `production already serves ${path.target}`,
    };
  }
}
