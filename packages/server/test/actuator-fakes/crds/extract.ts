/**
 * Regenerates the vendored CRD schemas in this folder from upstream checkouts:
 *   node --import tsx packages/server/test/actuator-fakes/crds/extract.ts \
 *     GATEWAY_API_CHECKOUT ISTIO_CHECKOUT KSERVE_CHECKOUT
 * Each output is the `openAPIV3Schema` of one served version of one upstream CRD, unchanged, as
 * gzipped JSON (SOURCE.md names the files, commits and licence). Nothing here runs in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import YAML from 'yaml';

const [gatewayApi, istio, kserve] = process.argv.slice(2);
if (!gatewayApi || !istio || !kserve) {
  console.error('usage: extract.ts GATEWAY_API_CHECKOUT ISTIO_CHECKOUT KSERVE_CHECKOUT');
  process.exit(2);
}
const sources = [
  [gatewayApi, 'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml', 'HTTPRoute', 'v1', 'httproute-v1'],
  [istio, 'manifests/charts/base/files/crd-all.gen.yaml', 'VirtualService', 'v1', 'virtualservice-v1'],
  [
    kserve,
    'config/crd/full/serving.kserve.io_inferenceservices.yaml',
    'InferenceService',
    'v1beta1',
    'inferenceservice-v1beta1',
  ],
] as const;

for (const [checkout, file, kind, version, out] of sources) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(checkout, file), 'utf8')).map((d) => d.toJS());
  const crd = docs.find((d) => d?.kind === 'CustomResourceDefinition' && d.spec?.names?.kind === kind);
  const schema = crd?.spec?.versions?.find((v: { name: string }) => v.name === version)?.schema?.openAPIV3Schema;
  if (!schema) throw new Error(`${file}: no ${kind} ${version} schema`);
  const target = path.join(import.meta.dirname, `${out}.json.gz`);
  fs.writeFileSync(target, zlib.gzipSync(JSON.stringify(schema), { level: 9 }));
  console.log(`${target}: ${kind} ${version} from ${file}`);
}
