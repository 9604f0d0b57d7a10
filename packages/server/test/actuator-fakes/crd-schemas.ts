/**
 * The upstream CRD OpenAPI schemas the fake Kubernetes API server (kubernetes-fake.ts) validates
 * requests against, vendored unchanged in crds/ (sources, commits and licence in crds/SOURCE.md;
 * crds/extract.ts regenerates them). Each is the `openAPIV3Schema` of the version the built-in
 * actuators call: HTTPRoute v1, VirtualService v1, InferenceService v1beta1.
 *
 * A structural schema lists the fields it knows and does not say `additionalProperties: false`;
 * the API server itself rejects unknown fields under `fieldValidation=Strict`. `strictSchema`
 * states that rule in JSON Schema terms, so Ajv reports an unknown field as `additionalProperties`:
 * every object level with `properties` forbids others, unless it is marked
 * `x-kubernetes-preserve-unknown-fields` or already says what other properties may hold (a map).
 * At the root, `apiVersion`, `kind` and `metadata` are the API server's own (Istio's schema does
 * not list them).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

type Schema = Record<string, any>;

const load = (file: string): Schema =>
  JSON.parse(zlib.gunzipSync(fs.readFileSync(new URL(`./crds/${file}`, import.meta.url))).toString('utf8'));

function strictSchema(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map((s) => strictSchema(s));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps field names to schemas; its keys are names, not keywords.
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([n, s]) => [n, strictSchema(s as Schema)]))
        : strictSchema(value as Schema);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields'])
    out.additionalProperties = false;
  return out;
}

function rootSchema(schema: Schema): Schema {
  const strict = strictSchema(schema);
  return {
    ...strict,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...strict.properties,
    },
  };
}

/** HTTPRoute (gateway.networking.k8s.io/v1), Gateway API's standard channel. */
export const httpRouteSchema = () => rootSchema(load('httproute-v1.json.gz'));
/** VirtualService (networking.istio.io/v1). */
export const virtualServiceSchema = () => rootSchema(load('virtualservice-v1.json.gz'));
/** InferenceService (serving.kserve.io/v1beta1), KServe's full CRD. */
export const inferenceServiceSchema = () => rootSchema(load('inferenceservice-v1beta1.json.gz'));
