/**
 * A fake MLflow tracking server answering the Model Registry REST calls the `mlflow` kind makes,
 * as MLflow documents and answers them: `GET /api/2.0/mlflow/registered-models/alias`,
 * `POST /api/2.0/mlflow/registered-models/alias` (name, alias, version; `{}` on success) and
 * `GET /api/2.0/mlflow/model-versions/get`; errors as `{ error_code, message }` with MLflow's
 * statuses (an unset alias is 400 INVALID_PARAMETER_VALUE, an unknown model or version 404
 * RESOURCE_DOES_NOT_EXIST).
 */
import { bearer, listen, type FakeAnswer, type FakeRequest } from './loopback.js';

/** A running fake registry. */
export interface FakeMlflow {
  url: string;
  /** name → version → status (READY, PENDING_REGISTRATION, FAILED_REGISTRATION). */
  versions: Map<string, Map<string, string>>;
  /** `name@alias` → version. */
  aliases: Map<string, string>;
  /** Alias moves that were stored, in order. */
  writes: { name: string; alias: string; version: string }[];
  /** When true the token may read but not write (403 PERMISSION_DENIED). */
  readOnly: boolean;
  onWrite?: (name: string) => Promise<void>;
  close(): Promise<void>;
}

const error = (status: number, code: string, message: string): FakeAnswer => ({
  status,
  body: { error_code: code, message },
});

/** Starts the fake; `token` is the only bearer token it accepts. */
export async function startFakeMlflow(token: string): Promise<FakeMlflow> {
  const fake = { versions: new Map(), aliases: new Map(), writes: [], readOnly: false } as unknown as FakeMlflow;
  return Object.assign(fake, await listen((req) => handle(fake, token, req)));
}

function modelVersion(fake: FakeMlflow, name: string, version: string) {
  const aliases = [...fake.aliases]
    .filter(([k, v]) => k.startsWith(`${name}@`) && v === version)
    .map(([k]) => k.split('@')[1]);
  return {
    name,
    version,
    status: fake.versions.get(name)?.get(version),
    aliases,
    creation_timestamp: 1_767_000_000_000,
  };
}

async function handle(fake: FakeMlflow, token: string, req: FakeRequest): Promise<FakeAnswer> {
  if (bearer(req) !== token) return error(401, 'UNAUTHENTICATED', 'Credential was not sent or was invalid');
  const q = (k: string) => req.query.get(k) ?? '';
  if (req.method === 'GET' && req.path === '/api/2.0/mlflow/model-versions/get') {
    if (!fake.versions.get(q('name'))?.has(q('version')))
      return error(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Model Version (name=${q('name')}, version=${q('version')}) not found`,
      );
    return { status: 200, body: { model_version: modelVersion(fake, q('name'), q('version')) } };
  }
  if (req.method === 'GET' && req.path === '/api/2.0/mlflow/registered-models/alias') {
    if (!fake.versions.has(q('name')))
      return error(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${q('name')} not found`);
    const version = fake.aliases.get(`${q('name')}@${q('alias')}`);
    if (!version) return error(400, 'INVALID_PARAMETER_VALUE', `Registered model alias ${q('alias')} not found.`);
    return { status: 200, body: { model_version: modelVersion(fake, q('name'), version) } };
  }
  if (req.method === 'POST' && req.path === '/api/2.0/mlflow/registered-models/alias') return setAlias(fake, req);
  return error(404, 'ENDPOINT_NOT_FOUND', `No API found for '${req.method} ${req.path}'`);
}

async function setAlias(fake: FakeMlflow, req: FakeRequest): Promise<FakeAnswer> {
  if (req.headers['content-type']?.startsWith('application/json') !== true)
    return error(400, 'BAD_REQUEST', 'expected a JSON body');
  const body = JSON.parse(req.text) as Record<string, unknown>;
  for (const field of ['name', 'alias', 'version'])
    if (typeof body[field] !== 'string')
      return error(400, 'INVALID_PARAMETER_VALUE', `Missing value for required parameter '${field}'.`);
  const { name, alias, version } = body as { name: string; alias: string; version: string };
  if (fake.readOnly) return error(403, 'PERMISSION_DENIED', `Permission denied for ${name}`);
  if (!fake.versions.get(name)?.has(version))
    return error(404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${name}, version=${version}) not found`);
  fake.aliases.set(`${name}@${alias}`, version);
  fake.writes.push({ name, alias, version });
  await fake.onWrite?.(name);
  return { status: 200, body: {} };
}
