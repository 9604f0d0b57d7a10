/**
 * OFREP on the real server: the OpenFeature OFREP provider from npm (@openfeature/ofrep-provider)
 * as the client, agreeing with the SDK's local evaluation (targeting, sticky bucketing); and the
 * plain HTTP requests docs/other-languages.md shows (curl, Python), byte for byte the same shapes:
 * single and bulk evaluation with ETag / If-None-Match, both auth headers, errors in OFREP's
 * bodies, and outcome events reported over HTTP.
 */
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { evaluateFlag, routeRequest, validateSnapshot } from '@ripcord/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealServer, workflowPath, type RealServer } from './real-server.js';

let server: RealServer;
let token: string;
const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);

/** A POST as the docs' curl lines send it. */
function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function snapshot() {
  const res = await fetch(`${server.url}/v1/sdk/config?environment=production&workflows=support-summary`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const result = validateSnapshot(await res.json());
  if (!result.ok) throw new Error('invalid snapshot');
  return result.snapshot;
}

beforeAll(async () => {
  server = await startRealServer();
  token = await server.token();
  const put = async (path: string, body: unknown) => {
    const r = await server.call('PUT', `${workflowPath}${path}`, body);
    if (r.status !== 200) throw new Error(`${path}: ${JSON.stringify(r.body)}`);
  };
  await put('/segments/enterprise', {
    conditions: [{ attribute: 'plan', op: 'eq', value: 'enterprise' }],
    reason: 't',
  });
  await put('/flags/summary.style', {
    definition: {
      type: 'string',
      variants: { detailed: 'detailed', brief: 'brief' },
      defaultVariant: 'brief',
      rules: [{ segment: 'enterprise', variant: 'detailed' }],
      metadata: { owner: 'support-ai', ticket: 42 },
    },
    reason: 't',
  });
  await put('/flags/beta.banner', {
    definition: { type: 'boolean', variants: { on: true }, defaultVariant: 'on', disabled: true },
    reason: 't',
  });
  await put('/split', { release: 'sonnet-5-tier', candidate: '2026-05-02.1', percent: 50, reason: 't' });
});
afterAll(async () => {
  await OpenFeature.close();
  await server?.stop();
});

describe('OFREP with the OpenFeature OFREP provider from npm', () => {
  let of: ReturnType<typeof OpenFeature.getClient>;
  beforeAll(async () => {
    const provider = new OFREPProvider({ baseUrl: server.url, headers: [['Authorization', `Bearer ${token}`]] });
    await OpenFeature.setProviderAndWait('ofrep', provider);
    of = OpenFeature.getClient('ofrep');
  });

  it('serves what the SDK evaluates locally: the split is sticky per targetingKey', async () => {
    const local = await snapshot();
    const arms = new Set<string>();
    for (const key of keys) {
      const r = await of.getStringDetails('ai.route.provider', 'fallback', { targetingKey: key });
      const expected = evaluateFlag(local, 'support-summary', 'ai.route.provider', 'fallback', { key });
      expect(r, key).toMatchObject({ value: expected.value, reason: 'SPLIT', variant: expected.variant });
      expect((await of.getStringDetails('ai.route.provider', 'fallback', { targetingKey: key })).value).toBe(r.value);
      arms.add(expected.arm ?? '');
    }
    expect([...arms].sort()).toEqual(['candidate', 'control']);
  });

  it('reports TARGETING_MATCH and DEFAULT with the flag metadata, STATIC outside a split, and FLAG_NOT_FOUND', async () => {
    const hit = await of.getStringDetails('summary.style', 'x', { targetingKey: 'u', plan: 'enterprise' });
    expect(hit).toMatchObject({ value: 'detailed', reason: 'TARGETING_MATCH', variant: 'detailed' });
    expect(hit.flagMetadata).toEqual({ owner: 'support-ai', ticket: 42 });
    const miss = await of.getStringDetails('summary.style', 'x', { targetingKey: 'u', plan: 'pro' });
    expect(miss).toMatchObject({ value: 'brief', reason: 'DEFAULT', variant: 'brief' });
    const tools = await of.getBooleanDetails('ai.tools.enabled', false, { targetingKey: 'u' });
    expect(tools.value).toBe(true);
    const missing = await of.getBooleanDetails('no.such.flag', false, { targetingKey: 'u' });
    expect(missing).toMatchObject({ value: false, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
  });

  it('returns the code default for a disabled flag and for a refused token', async () => {
    // DISABLED has no value (OFREP codeDefaultFlag); this provider version reports that as an error.
    const disabled = await of.getBooleanDetails('beta.banner', false, { targetingKey: 'u' });
    expect(disabled.value).toBe(false);
    const refused = new OFREPProvider({ baseUrl: server.url, headers: [['Authorization', 'Bearer not-a-token']] });
    await OpenFeature.setProviderAndWait('ofrep-refused', refused);
    const r = await OpenFeature.getClient('ofrep-refused').getBooleanDetails('ai.tools.enabled', false, {});
    expect(r).toMatchObject({ value: false, reason: 'ERROR' });
  });
});

describe('OFREP over plain HTTP (the shapes docs/other-languages.md uses)', () => {
  it('evaluates one flag: Bearer or X-API-Key, the workflow from the token, the context or the key', async () => {
    const metadata = { owner: 'support-ai', ticket: 42 };
    const expected = {
      key: 'summary.style',
      value: 'detailed',
      reason: 'TARGETING_MATCH',
      variant: 'detailed',
      metadata,
    };
    const body = { context: { targetingKey: 'user-1', workflow: 'support-summary', plan: 'enterprise' } };
    const bearer = await post('/ofrep/v1/evaluate/flags/summary.style', body);
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toEqual(expected);
    const apiKey = await post('/ofrep/v1/evaluate/flags/summary.style', body, {
      authorization: '',
      'x-api-key': token,
    });
    expect(await apiKey.json()).toEqual(expected);
    // No context at all (Python's provider sends {} then): the token names the workflow.
    expect(await (await post('/ofrep/v1/evaluate/flags/summary.style', {})).json()).toEqual({
      key: 'summary.style',
      value: 'brief',
      reason: 'DEFAULT',
      variant: 'brief',
      metadata,
    });
    for (const path of ['support-summary%2Fsummary.style', 'support-summary/summary.style']) {
      const r = await post(`/ofrep/v1/evaluate/flags/${path}`, { context: { plan: 'enterprise' } });
      expect(await r.json()).toEqual({ ...expected, key: 'support-summary/summary.style' });
    }
    const disabled = await post('/ofrep/v1/evaluate/flags/beta.banner', body);
    expect(await disabled.json()).toEqual({ key: 'beta.banner', reason: 'DISABLED', variant: 'disabled' });
  });

  it('answers in OFREP bodies: 404 FLAG_NOT_FOUND, 400 INVALID_CONTEXT / PARSE_ERROR, 401, 403', async () => {
    const missing = await post('/ofrep/v1/evaluate/flags/no.such.flag', { context: {} });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ key: 'no.such.flag', errorCode: 'FLAG_NOT_FOUND' });
    const notJson = await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', '{"context":');
    expect([notJson.status, ((await notJson.json()) as any).errorCode]).toEqual([400, 'PARSE_ERROR']);
    const notObject = await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', { context: 'user-1' });
    expect(notObject.status).toBe(400);
    expect(await notObject.json()).toMatchObject({ key: 'ai.tools.enabled', errorCode: 'INVALID_CONTEXT' });
    const everyWorkflow = await server.token('sdk', { environment: 'production' });
    const noWorkflow = await post(
      '/ofrep/v1/evaluate/flags/ai.tools.enabled',
      { context: {} },
      {
        authorization: `Bearer ${everyWorkflow}`,
      },
    );
    expect(noWorkflow.status).toBe(400);
    expect(((await noWorkflow.json()) as any).errorDetails).toMatch(/say which workflow/);
    // A workflow with nothing published in the environment: said once, with what to do; in bulk it is
    // GENERAL (OFREP's bulk answer has no FLAG_NOT_FOUND, and the context is not at fault).
    const unpublished = { context: { workflow: 'not-published' } };
    const auth = { authorization: `Bearer ${everyWorkflow}` };
    const single = await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', unpublished, auth);
    expect([single.status, await single.json()]).toEqual([
      404,
      {
        key: 'ai.tools.enabled',
        errorCode: 'FLAG_NOT_FOUND',
        errorDetails: expect.stringMatching(/^no configuration of not-published\/production yet: label a bundle/),
      },
    ]);
    const bulk = await post('/ofrep/v1/evaluate/flags', unpublished, auth);
    expect([bulk.status, ((await bulk.json()) as any).errorCode]).toEqual([400, 'GENERAL']);
    const staging = await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', { context: { environment: 'staging' } });
    expect(staging.status).toBe(403);
    const outside = await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', { context: { workflow: 'ride-pricing' } });
    expect(outside.status).toBe(403);
    const operator = await server.token('operator');
    const notSdk = await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', {}, { authorization: `Bearer ${operator}` });
    expect(notSdk.status).toBe(403);
    expect((await post('/ofrep/v1/evaluate/flags/ai.tools.enabled', {}, { authorization: '' })).status).toBe(401);
  });

  it('evaluates every flag in bulk with an ETag; If-None-Match gives 304 until the flags change', async () => {
    const body = { context: { targetingKey: 'user-1', plan: 'enterprise' } };
    const first = await post('/ofrep/v1/evaluate/flags', body);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const flags = (await first.json()) as { flags: Array<{ key: string }>; metadata: Record<string, unknown> };
    expect(flags.flags.map((f) => f.key)).toEqual([...flags.flags.map((f) => f.key)].sort());
    expect(flags.flags).toContainEqual(
      expect.objectContaining({ key: 'summary.style', value: 'detailed', reason: 'TARGETING_MATCH' }),
    );
    expect(flags.flags).toContainEqual({ key: 'beta.banner', reason: 'DISABLED', variant: 'disabled' });
    const local = routeRequest(await snapshot(), 'support-summary', { key: 'user-1', plan: 'enterprise' });
    expect(flags.metadata).toEqual({
      workflow: 'support-summary',
      environment: 'production',
      revision: local.revision,
      arm: local.arm,
      bundleVersion: local.bundleVersion,
      release: 'sonnet-5-tier',
      segments: 'enterprise',
    });
    expect((await post('/ofrep/v1/evaluate/flags', body, { 'if-none-match': etag })).status).toBe(304);
    const other = await post('/ofrep/v1/evaluate/flags', { context: { targetingKey: 'user-1', plan: 'pro' } });
    expect(other.headers.get('etag')).not.toBe(etag);
    await server.call('PUT', `${workflowPath}/flags/summary.style`, { value: 'brief', reason: 'change' });
    const changed = await post('/ofrep/v1/evaluate/flags', body, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('accepts outcome events over HTTP with the SDK token, as a Python app reports them', async () => {
    const event = {
      id: '0b6f4a52-5f0e-4d7e-9d55-2f5b0c1a7e01',
      type: 'outcome',
      workflow: 'support-summary',
      environment: 'production',
      at: new Date().toISOString(),
      requestId: 'req-1',
      release: 'sonnet-5-tier',
      arm: 'candidate',
      key: 'user-1',
      latencyMs: 812,
      schemaValid: true,
      costUsd: 0.0031,
    };
    const r = await post('/v1/events', [event], { 'idempotency-key': 'batch-1' });
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ accepted: 1, rejected: [] });
  });

  it('lists its operations in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(doc.paths['/ofrep/v1/evaluate/flags']?.post?.operationId).toBe('ofrepEvaluateFlagsBulk');
    expect(doc.paths['/ofrep/v1/evaluate/flags/{key}']?.post?.operationId).toBe('ofrepEvaluateFlag');
  });
});
