/**
 * Shared set-up for the ingest tests: a test app with the support-summary example applied and its
 * release's gate session started (directly, as the release state machine does), and builders of
 * outcome events and batches.
 */
import { randomUUID } from 'node:crypto';
import type { OutcomeEvent } from '@ripcord/protocol';
import { adminToken, exampleDocuments, type TestApp } from './helpers.js';
import { forceRunning } from '../src/features/releases/machine/force-start.js';

/** The example release of support-summary. */
export const release = { workflow: 'support-summary', environment: 'production', name: 'sonnet-5-tier' } as const;

/** Applies the example with its release and starts the release's gate session; returns its id. */
export async function startExampleRelease(t: TestApp): Promise<string> {
  await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
  const record = await t.services.stores.releases.getByName(release.workflow, release.environment, release.name);
  if (record === undefined) throw new Error('the example release was not applied');
  const running = await forceRunning(t.services.stores, record, t.clock.now());
  await t.services.gateSessions.start(running, t.clock.now());
  return record.id;
}

/** A candidate outcome of the example release at the test clock's start. */
export function outcome(fields: Partial<OutcomeEvent> = {}): OutcomeEvent {
  return {
    type: 'outcome',
    id: randomUUID(),
    ...release,
    arm: 'candidate',
    at: '2026-05-02T09:00:00.000Z',
    requestId: `req-${randomUUID()}`,
    latencyMs: 800,
    schemaValid: true,
    costUsd: 0.003,
    taskSuccess: true,
    safetyBlocked: false,
    ...fields,
  };
}

/** POSTs a batch to /v1/events. `body` is sent as is when a string. */
export async function postEvents(
  t: TestApp,
  body: readonly unknown[] | string,
  options: { key?: string; token?: string; type?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? adminToken}`,
    'content-type': options.type ?? 'application/json',
  };
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  const res = await t.app.request('/v1/events', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** The number of events the release's persisted gate state has applied. */
export async function persistedApplied(t: TestApp, releaseId: string): Promise<number | undefined> {
  return (await t.services.stores.gateStates.get(releaseId))?.applied;
}
