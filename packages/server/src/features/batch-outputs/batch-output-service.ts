/**
 * Batch outputs (R5.4): a batch job registers what it wrote with the bundle version that produced
 * it; a re-run with the same batch key replaces its outputs (the earlier ones kept, `superseded`);
 * a bad version's outputs are listed by its rollback plan and marked `invalidated` by whoever
 * cleans them up downstream — recorded with who, when, why and the incident.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { IncidentStore } from '../incidents/incident-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { BatchOutputStore, type BatchOutput } from './batch-output-store.js';

/** What a batch job registers. */
export interface OutputInput {
  bundleVersion: string;
  batchKey: string;
  batchId: string;
  inputHash: string;
  location: string;
  outputHash: string;
  items?: { ids?: string[] | undefined; count?: number | undefined } | undefined;
  startedAt: string;
  finishedAt: string;
}

/** What the rollback plan shows of a bad version's outputs. */
export interface OutputsToInvalidate {
  outputs: { id: string; batchKey: string; batchId: string; location: string; finishedAt: string }[];
  command: string;
}

/** Registers, lists and invalidates batch outputs. */
export class BatchOutputService {
  constructor(
    private readonly deps: {
      db: Db;
      stores: { registry: RegistryStore; incidents: IncidentStore; releases: ReleaseStore };
      clock: Clock;
    },
  ) {}

  /** Registers an output; the same batch key again supersedes the earlier valid ones, the very same run is a no-op. */
  async register(
    workflow: string,
    input: OutputInput,
    actor: Principal,
  ): Promise<{ output: BatchOutput; duplicate: boolean; superseded: string[] }> {
    await this.known(workflow, input.bundleVersion);
    if (Date.parse(input.finishedAt) < Date.parse(input.startedAt))
      throw new AppError('bad_request', 'finishedAt is before startedAt');
    // The earlier outputs are superseded in the transaction that inserts the new one.
    return this.deps.db.transaction(async (tx) => {
      const store = new BatchOutputStore({ db: tx });
      const earlier = await store.list({ workflow, batchKey: input.batchKey, status: 'valid' });
      const same = earlier.find(
        (o) =>
          o.batchId === input.batchId &&
          o.outputHash === input.outputHash &&
          o.location === input.location &&
          o.bundleVersion === input.bundleVersion,
      );
      if (same) return { output: same, duplicate: true, superseded: [] };
      const now = this.deps.clock.now();
      const output: BatchOutput = {
        id: `out_${randomBytes(6).toString('hex')}`,
        workflow,
        bundleVersion: input.bundleVersion,
        batchKey: input.batchKey,
        batchId: input.batchId,
        inputHash: input.inputHash,
        location: input.location,
        outputHash: input.outputHash,
        items: {
          ...(input.items?.ids ? { ids: input.items.ids } : {}),
          ...(input.items?.count !== undefined ? { count: input.items.count } : {}),
        },
        status: 'valid',
        supersededBy: null,
        invalidation: null,
        registeredBy: actor.subject,
        startedAt: new Date(input.startedAt),
        finishedAt: new Date(input.finishedAt),
        createdAt: now,
      };
      await store.insert(output);
      await store.supersede(
        earlier.map((o) => o.id),
        output.id,
      );
      return { output, duplicate: false, superseded: earlier.map((o) => o.id) };
    });
  }

  async list(workflow: string, filter: { version?: string | undefined; status?: BatchOutput['status'] | undefined }) {
    await this.known(workflow);
    return new BatchOutputStore({ db: this.deps.db }).list({
      workflow,
      ...(filter.version ? { version: filter.version } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    });
  }

  /**
   * Marks a version's valid outputs (or the listed ones) invalid. With an incident, the invalidation
   * is also recorded on its release's timeline (`batch.invalidated`), which the incident shows.
   */
  async invalidate(
    workflow: string,
    input: { version: string; reason: string; ids?: string[] | undefined; incident?: string | undefined },
    actor: Principal,
  ): Promise<BatchOutput[]> {
    await this.known(workflow, input.version);
    const incident = input.incident ? await this.deps.stores.incidents.get(input.incident) : undefined;
    if (input.incident && !incident) throw notFound(`incident ${input.incident}`);
    const store = new BatchOutputStore({ db: this.deps.db });
    const valid = await store.list({ workflow, version: input.version, status: 'valid' });
    const unknown = (input.ids ?? []).filter((id) => !valid.some((o) => o.id === id));
    if (unknown.length > 0)
      throw new AppError('conflict', `not valid outputs of ${workflow} ${input.version}: ${unknown.join(', ')}`);
    const chosen = input.ids ? valid.filter((o) => input.ids!.includes(o.id)) : valid;
    const at = this.deps.clock.now();
    const invalidation = {
      by: actor.subject,
      at: at.toISOString(),
      reason: input.reason,
      incident: incident?.id ?? null,
    };
    await store.invalidate(
      chosen.map((o) => o.id),
      invalidation,
    );
    if (incident && chosen.length > 0)
      await this.deps.stores.releases.addEvent({
        releaseId: incident.releaseId,
        at,
        kind: 'batch.invalidated',
        actor: actor.subject,
        details: {
          incident: incident.id,
          version: input.version,
          outputs: chosen.map((o) => ({ id: o.id, batchKey: o.batchKey, location: o.location })),
          summary: `${actor.subject} invalidated ${chosen.length} batch output${chosen.length === 1 ? '' : 's'} of ${input.version}: ${chosen.map((o) => o.location).join(', ')} (${input.reason})`,
        },
      });
    return chosen.map((o) => ({ ...o, status: 'invalidated', invalidation }));
  }

  /** The valid outputs of `version`, as a rollback plan lists them (null when there are none). */
  async toInvalidate(workflow: string, version: string): Promise<OutputsToInvalidate | null> {
    const valid = await new BatchOutputStore({ db: this.deps.db }).list({ workflow, version, status: 'valid' });
    if (valid.length === 0) return null;
    return {
      outputs: valid.map((o) => ({
        id: o.id,
        batchKey: o.batchKey,
        batchId: o.batchId,
        location: o.location,
        finishedAt: o.finishedAt.toISOString(),
      })),
      command: `ripcord batches invalidate ${workflow} --version ${version} -r REASON [--incident ID]`,
    };
  }

  private async known(workflow: string, version?: string): Promise<void> {
    if (!(await this.deps.stores.registry.getWorkflow(workflow))) throw notFound(`workflow ${workflow}`);
    if (version !== undefined && !(await this.deps.stores.registry.getBundle(workflow, version)))
      throw notFound(`bundle ${workflow} ${version}`);
  }
}
