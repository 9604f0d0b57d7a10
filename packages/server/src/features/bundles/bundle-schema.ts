import { z } from 'zod';
import { slug } from './slug.js';

const str = z.string().min(1);
const ref = z.union([z.string().min(1), z.number()]);
const healthCheck = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** A part of a bundle the team writes in its own shape (kept as written, open by design). */
const freeform = (what: string) => z.record(z.string(), z.unknown()).describe(`${what}, as the team writes it (open)`);

/** The model route of an LLM workflow: which provider, account, region and model serve it. */
const modelRoute = z.strictObject({
  provider: str,
  account: str.optional(),
  project: str.optional(),
  region: str.optional(),
  family: str.optional(),
  model: str.optional(),
  deployment: str.optional(),
  inferenceProfile: str.optional(),
  healthCheck: healthCheck.optional(),
});

/**
 * The MLflow Model Registry version this bundle's model is (the `mlflow` actuator moves an alias
 * to it, docs/actuators.md). MLflow numbers versions 1, 2, 3… per registered model.
 */
const mlflowVersion = z.strictObject({
  /** The registered model's name (default: the model's `name`). */
  name: z.string().min(1).max(256).optional(),
  version: z
    .string({ error: 'must be a string of digits (quote it in YAML: version: "17")' })
    .regex(/^[1-9][0-9]{0,17}$/, 'must be an MLflow version number such as "17"'),
});

/** A trained model artifact (real-time and batch workflows). */
const model = z.strictObject({
  name: str,
  version: ref,
  artifact: str.optional(),
  framework: str.optional(),
  healthCheck: healthCheck.optional(),
  mlflow: mlflowVersion.optional(),
});

/** The prompt package: prompt id, commit, system message, examples and sampling settings. */
const prompt = z.strictObject({
  id: str,
  commit: str,
  system: z.string().optional(),
  developer: z.string().optional(),
  fewShotExamples: z.union([z.number().int().min(0), z.array(z.unknown())]).optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  stop: z.array(z.string()).optional(),
});

/** Retrieval state: the index build and how it is queried. */
const retrieval = z.strictObject({
  indexBuild: str,
  corpusCutoff: str.optional(),
  embeddingRoute: str.optional(),
  reranker: str.optional(),
  filters: freeform('retrieval filters').optional(),
});

/** One tool of the tool contract; `write` side effects cannot be undone by a rollback (R5.4). */
const tool = z.strictObject({
  name: str,
  sideEffects: z.enum(['none', 'read', 'write']),
  schema: freeform("the tool's JSON schema").optional(),
  validation: z.array(z.string()).optional(),
});

/** The tool contract: schema version, whether tool use is optional or forced, and the tools. */
const tools = z.strictObject({
  schemaVersion: ref,
  mode: z.enum(['optional', 'forced', 'disabled']),
  tools: z.array(tool),
});

/** What the output must look like and which parser checks it. */
const outputSchema = z.strictObject({
  version: ref,
  parser: str.optional(),
  required: z.array(z.string()).optional(),
  validationRules: z.array(z.string()).optional(),
  schema: freeform('the output JSON schema').optional(),
});

/** The feature pipeline a model reads its inputs from. */
const featurePipeline = z.strictObject({
  version: str,
  code: str.optional(),
  features: z.array(z.string()).optional(),
  healthCheck: healthCheck.optional(),
});

/**
 * A table name the `table-restore` actuator writes into SQL: up to three plain identifiers
 * (catalog.schema.table). Nothing else is accepted, so no name can inject SQL.
 */
const tableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}(\.[A-Za-z_][A-Za-z0-9_]{0,127}){0,2}$/,
    'must be a table name of plain identifiers, such as main.pricing.trips',
  );

/** A table version to restore by time travel (level 4, R5.3): a Delta version or an Iceberg snapshot. */
export const tableSnapshot = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal('delta'),
    name: tableName,
    /** The Delta table version (`RESTORE TABLE … TO VERSION AS OF`). */
    version: z.number().int().min(0),
  }),
  z.strictObject({
    format: z.literal('iceberg'),
    /** catalog.schema.table: Iceberg's procedures are called through the catalog. */
    name: tableName.refine(
      (n) => n.split('.').length === 3,
      'an Iceberg table needs its catalog: catalog.schema.table',
    ),
    /** The snapshot id, a 64-bit integer: written as a string of digits so no precision is lost. */
    snapshotId: z
      .string({ error: 'must be a string of digits (quote it in YAML)' })
      .regex(/^[1-9][0-9]{0,18}$/, 'must be an Iceberg snapshot id (digits)')
      .refine((v) => BigInt(v) <= 2n ** 63n - 1n, 'must fit in a 64-bit signed integer'),
  }),
]);

/** The training/reference data snapshot (e.g. an Iceberg snapshot, restorable by time travel). */
const dataSnapshot = z.strictObject({ ref: str, takenAt: str.optional(), table: tableSnapshot.optional() });

const dnsLabel = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes name: lowercase letters, digits and "-", up to 63');

/**
 * Where this bundle is served in Kubernetes: the Service a Gateway API HTTPRoute or an Istio
 * VirtualService routes to (the routing actuators move weight from the candidate's to the control's).
 */
export const kubernetesService = z.strictObject({
  service: dnsLabel,
  /** The Service's namespace when it is not the route's. */
  namespace: dnsLabel.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** Istio: the destination host as the VirtualService names it (default: the service name). */
  host: z.string().min(1).max(253).optional(),
  /** Istio: the destination subset (a DestinationRule subset such as v41). */
  subset: z.string().min(1).max(63).optional(),
});

/** Serving configuration. */
const serving = z.strictObject({
  replicas: z.number().int().min(0).optional(),
  image: str.optional(),
  resources: freeform('serving resources').optional(),
  config: freeform('serving configuration').optional(),
  healthCheck: healthCheck.optional(),
  kubernetes: kubernetesService.optional(),
});

/** The evaluation record that approved this bundle. */
const evaluation = z.strictObject({
  datasetHash: str,
  sampling: str.optional(),
  thresholds: z.record(z.string(), z.number()).optional(),
  rubric: str.optional(),
  failureExamples: z.array(z.string()).optional(),
});

/** Batch metadata: results are matched by custom id, not by order. */
const batch = z.strictObject({
  batchId: str.optional(),
  endpoint: str.optional(),
  inputFileHash: str.optional(),
  outputFileHash: str.optional(),
  customIdField: str.optional(),
});

/** Every component a bundle may hold (R1.1). */
export const componentsSchema = z.strictObject({
  modelRoute: modelRoute.optional(),
  model: model.optional(),
  prompt: prompt.optional(),
  retrieval: retrieval.optional(),
  tools: tools.optional(),
  outputSchema: outputSchema.optional(),
  featurePipeline: featurePipeline.optional(),
  dataSnapshot: dataSnapshot.optional(),
  serving: serving.optional(),
  evaluation: evaluation.optional(),
  batch: batch.optional(),
});

/** The components of a bundle. */
export type Components = z.infer<typeof componentsSchema>;
/** The name of a component. */
export type ComponentName = keyof Components;
/** All component names, in the order the registry shows them. */
export const componentNames = Object.keys(componentsSchema.shape) as ComponentName[];

const componentName = z.enum(componentNames as [ComponentName, ...ComponentName[]]);

/** A flag value a bundle ships with: boolean, string, number, string list or JSON object. */
export const flagValueSchema = z.union([
  z.boolean(),
  z.string(),
  z.number(),
  z.array(z.string()),
  freeform('a JSON object flag value'),
]);
/** A flag key such as `ai.route.provider`. */
export const flagKeySchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,127}$/, 'must start with a letter and use letters, digits, ".", "_" or "-"');

/** `kind: Bundle` — one immutable, versioned manifest of all of a workflow's components. */
export const bundleSchema = z.strictObject({
  kind: z.literal('Bundle'),
  workflow: slug,
  version: z
    .string({ error: 'must be a string (quote numbers in YAML: version: "41")' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be letters, digits, ".", "_" or "-", up to 64 characters'),
  description: z.string().max(2000).optional(),
  components: componentsSchema.refine((c) => Object.keys(c).length > 0, 'a bundle needs at least one component'),
  /** R1.2: for each component, the versions of the other components it was built for. */
  requires: z.partialRecord(componentName, z.partialRecord(componentName, ref)).optional(),
  flags: z.record(flagKeySchema, flagValueSchema).optional(),
});

/** A validated Bundle document. */
export type BundleSpec = z.infer<typeof bundleSchema>;
