/**
 * A fake Kubernetes API server for the built-in routing kinds, enforcing the published contract
 * of the calls they make: bearer tokens (401), RBAC verbs (403), JSON merge patch only
 * (`application/merge-patch+json`, applied by the json-merge-patch library, so lists are
 * replaced whole as RFC 7386 says), `metadata.resourceVersion` as a precondition (409),
 * `fieldValidation=Strict` and the upstream CRD schemas vendored in crds/ (422), the Gateway API CEL port
 * rule and Istio's weight rule (admission), `dryRun=All` (validated, not stored), and
 * resourceVersion / generation bumps on change. A KServe "controller" writes the predictor's
 * traffic status as KServe's reconciler does.
 */
import { Ajv, type ErrorObject } from 'ajv';
import mergePatch from 'json-merge-patch';
import { httpRouteSchema, inferenceServiceSchema, virtualServiceSchema } from './crd-schemas.js';
import { bearer, listen, type FakeAnswer, type FakeRequest } from './loopback.js';

type Obj = Record<string, any>;

// Unoptimised code: the KServe schema (the full PodSpec, three times) compiles in ~2.5 s instead of
// ~7 s, and validating the few small objects a test writes costs nothing either way.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, code: { optimize: false } });
type Validate = ReturnType<Ajv['compile']>;
/** Compiles a schema on first use: a test that never touches a kind never pays for its schema. */
const lazily = (schema: () => object) => {
  let validate: Validate | undefined;
  return () => (validate ??= ajv.compile(schema()));
};
const resources: Record<
  string,
  { kind: string; apiVersion: string; validator: () => Validate; admit: (o: Obj) => string[] }
> = {
  httproutes: {
    kind: 'HTTPRoute',
    apiVersion: 'gateway.networking.k8s.io/v1',
    validator: lazily(httpRouteSchema),
    admit: gatewayRules,
  },
  virtualservices: {
    kind: 'VirtualService',
    apiVersion: 'networking.istio.io/v1',
    validator: lazily(virtualServiceSchema),
    admit: istioRules,
  },
  inferenceservices: {
    kind: 'InferenceService',
    apiVersion: 'serving.kserve.io/v1beta1',
    validator: lazily(inferenceServiceSchema),
    admit: kserveRules,
  },
};

/** The Gateway API CEL rule on backendRefs: a Service reference must have a port. */
function gatewayRules(o: Obj): string[] {
  const out: string[] = [];
  (o.spec?.rules ?? []).forEach((r: Obj, i: number) =>
    (r.backendRefs ?? []).forEach((b: Obj, j: number) => {
      if ((b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service' && b.port === undefined)
        out.push(`spec.rules[${i}].backendRefs[${j}]: Invalid value: "object": Must have port for Service reference`);
    }),
  );
  return out;
}

/**
 * The CRD leaves `canaryTrafficPercent` an unbounded int64; KServe's reconciler splits traffic as
 * a percentage (pkg/controller/v1beta1/inferenceservice/reconcilers/knative/ksvc_reconciler.go),
 * so anything outside 0–100 is refused here as the reconciler would fail it.
 */
function kserveRules(o: Obj): string[] {
  const canary = o.spec?.predictor?.canaryTrafficPercent;
  return canary === undefined || (canary >= 0 && canary <= 100)
    ? []
    : [`spec.predictor.canaryTrafficPercent: ${canary} is not between 0 and 100`];
}

/** Istio's webhook: weights are not negative, and several destinations must not all weigh 0. */
function istioRules(o: Obj): string[] {
  const out: string[] = [];
  (o.spec?.http ?? []).forEach((h: Obj) => {
    const route: Obj[] = h.route ?? [];
    if (route.some((d) => (d.weight ?? 0) < 0)) out.push('weight -1 < 0');
    if (route.length > 1 && route.reduce((s, d) => s + (d.weight ?? 0), 0) === 0)
      out.push('total destination weight = 0');
  });
  return out;
}

const status = (code: number, reason: string, message: string): FakeAnswer => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
});

/** A running fake API server. */
export interface FakeKubernetes {
  url: string;
  /** Objects by `plural/namespace/name`. */
  objects: Map<string, Obj>;
  /** Accepted PATCHes that were stored (not dry runs), in order. */
  writes: { key: string; patch: Obj }[];
  /** Every request, in order (method, path, query string). */
  requests: string[];
  /** Verbs the token may use per plural (default: get and patch everywhere). */
  denied: Set<string>;
  /** Called once a GET is answered (a test changes the object behind the reader's back). */
  afterRead?: ((key: string) => void) | undefined;
  /** Called after a write is stored and before it is answered (a crash test kills the caller here). */
  onWrite?: (key: string) => Promise<void>;
  close(): Promise<void>;
}

/** Starts the fake; `token` is the only bearer token it accepts. */
export async function startFakeKubernetes(token: string): Promise<FakeKubernetes> {
  const fake = {
    objects: new Map<string, Obj>(),
    writes: [] as FakeKubernetes['writes'],
    requests: [] as string[],
    denied: new Set<string>(),
  } as FakeKubernetes;
  const server = await listen((req) => handle(fake, token, req));
  return Object.assign(fake, server);
}

async function handle(fake: FakeKubernetes, token: string, req: FakeRequest): Promise<FakeAnswer> {
  fake.requests.push(`${req.method} ${req.path}${req.query.size ? `?${req.query.toString()}` : ''}`);
  const m = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(req.path);
  const r = m && resources[m[4]!];
  if (!m || !r || `${m[1]}/${m[2]}` !== r.apiVersion)
    return status(404, 'NotFound', 'the server could not find the requested resource');
  if (bearer(req) !== token) return status(401, 'Unauthorized', 'Unauthorized');
  const [plural, ns, name] = [m[4]!, m[3]!, m[5]!];
  const verb = req.method === 'GET' ? 'get' : req.method === 'PATCH' ? 'patch' : req.method.toLowerCase();
  if (fake.denied.has(`${verb} ${plural}`))
    return status(
      403,
      'Forbidden',
      `${plural}.${m[1]} "${name}" is forbidden: User "system:serviceaccount:ripcord:ripcord" cannot ${verb} resource "${plural}" in API group "${m[1]}" in the namespace "${ns}"`,
    );
  const key = `${plural}/${ns}/${name}`;
  const current = fake.objects.get(key);
  if (!current) return status(404, 'NotFound', `${plural}.${m[1]} "${name}" not found`);
  if (req.method === 'GET') {
    const answer = { status: 200, body: structuredClone(current) };
    fake.afterRead?.(key);
    return answer;
  }
  if (req.method !== 'PATCH') return status(405, 'MethodNotAllowed', 'the server does not allow this method');
  if (req.headers['content-type'] !== 'application/merge-patch+json')
    return status(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    );
  return patch(fake, r, key, current, req);
}

async function patch(
  fake: FakeKubernetes,
  r: (typeof resources)[string],
  key: string,
  current: Obj,
  req: FakeRequest,
): Promise<FakeAnswer> {
  const body = JSON.parse(req.text) as Obj;
  const precondition = body.metadata?.resourceVersion;
  if (precondition !== undefined && precondition !== current.metadata.resourceVersion)
    return status(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${key}: the object has been modified; please apply your changes to the latest version and try again`,
    );
  const next = mergePatch.apply(structuredClone(current), body) as Obj;
  const strict = req.query.get('fieldValidation') === 'Strict';
  const validate = r.validator();
  if (!validate(next)) {
    const errors: ErrorObject[] = validate.errors ?? [];
    const unknown = errors.filter((e) => e.keyword === 'additionalProperties');
    if (unknown.length > 0 && strict)
      return status(
        400,
        'BadRequest',
        `strict decoding error: ${unknown.map((e) => `unknown field "${e.instancePath}/${String(e.params.additionalProperty)}"`).join(', ')}`,
      );
    const invalid = errors.filter((e) => e.keyword !== 'additionalProperties');
    if (invalid.length > 0)
      return status(
        422,
        'Invalid',
        `${r.kind} "${current.metadata.name}" is invalid: ${invalid.map((e) => `${e.instancePath}: ${e.message}`).join('; ')}`,
      );
  }
  const denied = r.admit(next);
  if (denied.length > 0) return status(400, 'BadRequest', `admission webhook denied the request: ${denied.join('; ')}`);
  if (req.query.get('dryRun') === 'All') return { status: 200, body: next };
  if (JSON.stringify(next) === JSON.stringify(current)) return { status: 200, body: current };
  const specChanged = JSON.stringify(next.spec) !== JSON.stringify(current.spec);
  next.metadata = {
    ...next.metadata,
    resourceVersion: String(Number(current.metadata.resourceVersion) + 1),
    generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
  };
  if (r.kind === 'InferenceService') reconcileKserve(next);
  fake.objects.set(key, next);
  fake.writes.push({ key, patch: body });
  await fake.onWrite?.(key);
  return { status: 200, body: next };
}

/** KServe's reconciler: canaryTrafficPercent to the latest revision, the rest to the last rolled-out one. */
function reconcileKserve(o: Obj): void {
  const predictor = o.status?.components?.predictor;
  const canary = o.spec.predictor.canaryTrafficPercent;
  if (!predictor?.latestRolledoutRevision || canary === undefined) return;
  predictor.traffic = [
    { latestRevision: true, percent: canary, revisionName: predictor.latestReadyRevision },
    ...(canary < 100
      ? [{ latestRevision: false, percent: 100 - canary, revisionName: predictor.latestRolledoutRevision, tag: 'prev' }]
      : []),
  ];
  o.status.observedGeneration = o.metadata.generation;
}

/** A stored object with the metadata an API server gives it. */
export function kubeObject(
  apiVersion: string,
  kind: string,
  ns: string,
  name: string,
  spec: Obj,
  statusBody?: Obj,
): Obj {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: ns, resourceVersion: '1000', generation: 1 },
    spec,
    ...(statusBody ? { status: statusBody } : {}),
  };
}
