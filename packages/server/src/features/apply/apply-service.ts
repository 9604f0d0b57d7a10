import { AppError, type ErrorDetail } from '../../errors.js';
import { zodDetails } from '../../validation.js';
import type { Principal } from '../auth/principal.js';
import { bundleConsistencyIssues } from '../bundles/bundle-model.js';
import { bundleSchema, type BundleSpec } from '../bundles/bundle-schema.js';
import type { ApplyOutcome, RegistryPort, RegistryStores } from '../bundles/registry-service.js';
import type { Transact } from '../../db/transaction.js';
import { workflowSchema, type WorkflowSpec } from '../bundles/workflow-schema.js';
import { releaseSchema, type ReleaseSpec } from '../releases/ticket/release-schema.js';
import type { ReleaseService, ReleaseServiceStores } from '../releases/release-service.js';

/** What applying one document did. */
export interface ApplyResult {
  index: number;
  kind: string;
  name: string;
  outcome: ApplyOutcome;
  id?: string;
  message?: string;
}

type ParsedDocument =
  | { kind: 'Workflow'; spec: WorkflowSpec }
  | { kind: 'Bundle'; spec: BundleSpec }
  | { kind: 'Release'; spec: ReleaseSpec };

/** The stores one apply writes, in one transaction. */
export type ApplyStores = RegistryStores & ReleaseServiceStores;

/**
 * Applies multi-document input (as `ripcord apply -f` sends it): every document is validated
 * first, then all are applied in order in one transaction, so a bad document leaves nothing
 * half-applied.
 */
export class ApplyService {
  constructor(
    private readonly deps: {
      transact: Transact<ApplyStores>;
      registry: Pick<RegistryPort, 'applyWorkflow' | 'applyBundle'>;
      releases: Pick<ReleaseService, 'apply'>;
    },
  ) {}

  /**
   * Validates and applies `documents`; throws with a detail per bad document. A dry run does all of
   * it in the transaction, then rolls the transaction back: the results (and refusals) are what a
   * real apply would give now, and nothing is stored, audited or published.
   */
  async apply(documents: unknown[], actor: Principal, options: { dryRun?: boolean } = {}): Promise<ApplyResult[]> {
    const parsed = this.validateAll(documents);
    if (!options.dryRun) return this.applyParsed(parsed, actor);
    let results: ApplyResult[] = [];
    await this.applyParsed(parsed, actor, (applied) => {
      // A created release's id was drawn for this dry run only: it will be another one.
      results = applied.map(({ id, ...r }) =>
        id === undefined || (r.kind === 'Release' && r.outcome === 'created') ? r : { ...r, id },
      );
      throw new DryRunDone();
    }).catch((error: unknown) => {
      if (!(error instanceof DryRunDone)) throw error;
    });
    return results;
  }

  private applyParsed(
    parsed: ParsedDocument[],
    actor: Principal,
    beforeCommit: (results: ApplyResult[]) => void = () => undefined,
  ): Promise<ApplyResult[]> {
    return this.deps.transact(async (stores) => {
      const results: ApplyResult[] = [];
      for (const [index, doc] of parsed.entries()) {
        if (doc.kind === 'Release') {
          const r = await this.deps.releases.apply(doc.spec, actor, stores).catch((error: unknown) => {
            throw withDocument(error, index);
          });
          const name = `${doc.spec.workflow}/${doc.spec.environment}/${doc.spec.name}`;
          results.push({
            index,
            kind: doc.kind,
            name,
            outcome: r.outcome,
            id: r.id,
            ...(r.warnings.length > 0 ? { message: r.warnings.join('; ') } : {}),
          });
        } else if (doc.kind === 'Workflow') {
          const outcome = await this.deps.registry.applyWorkflow(doc.spec, actor, stores);
          results.push({ index, kind: doc.kind, name: doc.spec.name, outcome });
        } else {
          const { outcome, id } = await this.deps.registry
            .applyBundle(doc.spec, actor, stores)
            .catch((error: unknown) => {
              throw withDocument(error, index);
            });
          results.push({ index, kind: doc.kind, name: `${doc.spec.workflow}/${doc.spec.version}`, outcome, id });
        }
      }
      beforeCommit(results);
      return results;
    });
  }

  private validateAll(documents: unknown[]): ParsedDocument[] {
    if (documents.length === 0) throw new AppError('validation_failed', 'no documents to apply');
    const parsed: ParsedDocument[] = [];
    const details: ErrorDetail[] = [];
    documents.forEach((doc, index) => {
      const result = parseDocument(doc, `documents[${index}]`);
      if ('issues' in result) details.push(...result.issues);
      else parsed.push(result);
    });
    if (details.length > 0) {
      const first = details[0]!;
      throw new AppError('validation_failed', `invalid document: ${first.path}: ${first.message}`, details);
    }
    return parsed;
  }
}

function parseDocument(doc: unknown, prefix: string): ParsedDocument | { issues: ErrorDetail[] } {
  const kind = typeof doc === 'object' && doc !== null ? (doc as { kind?: unknown }).kind : undefined;
  if (kind === 'Workflow') {
    const r = workflowSchema.safeParse(doc);
    return r.success ? { kind, spec: r.data } : { issues: zodDetails(r.error, prefix) };
  }
  if (kind === 'Bundle') {
    const r = bundleSchema.safeParse(doc);
    if (!r.success) return { issues: zodDetails(r.error, prefix) };
    const issues = bundleConsistencyIssues(r.data).map((i) => ({ ...i, path: `${prefix}.${i.path ?? ''}` }));
    return issues.length > 0 ? { issues } : { kind, spec: r.data };
  }
  if (kind === 'Release') {
    const r = releaseSchema.safeParse(doc);
    return r.success ? { kind, spec: r.data } : { issues: zodDetails(r.error, prefix) };
  }
  const got = typeof kind === 'string' ? `"${kind}"` : 'missing';
  return { issues: [{ path: `${prefix}.kind`, message: `kind must be Workflow, Bundle or Release (got ${got})` }] };
}

/** Thrown inside a dry run's transaction so that it rolls back. */
class DryRunDone extends Error {}

function withDocument(error: unknown, index: number): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(error.code, `documents[${index}]: ${error.message}`, error.details);
}
