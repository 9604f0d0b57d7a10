/**
 * The two alert payloads ripcord accepts (R4.5, docs/observability.md "Alerts in"): Alertmanager's
 * webhook (payload version "4": receiver, status, alerts[] with labels, annotations, startsAt,
 * endsAt, generatorURL, fingerprint; groupKey, truncatedAlerts) and a small generic shape for other
 * monitors (Grafana, Datadog monitors). Both become {@link IncomingAlert}s.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

const labelMap = z.record(z.string().max(200), z.string().max(2000));
const status = z.enum(['firing', 'resolved']);
const timestamp = z.string().max(64);

/** One alert of an Alertmanager notification. */
const alertmanagerAlertSchema = z
  .object({
    status,
    labels: labelMap.refine(
      (l) => typeof l.alertname === 'string' && l.alertname !== '',
      'an alert needs an alertname label',
    ),
    annotations: labelMap.optional(),
    startsAt: timestamp,
    endsAt: timestamp.optional(),
    generatorURL: z.string().max(4000).optional(),
    fingerprint: z.string().max(200).optional(),
  })
  .loose();

/** Alertmanager's webhook body, version 4 (other fields are accepted and ignored). */
export const alertmanagerPayloadSchema = z
  .object({
    version: z.literal('4', 'ripcord reads Alertmanager webhook payload version "4"'),
    groupKey: z.string().max(4000),
    truncatedAlerts: z.number().int().nonnegative().optional(),
    status,
    receiver: z.string().max(200),
    groupLabels: labelMap.optional(),
    commonLabels: labelMap.optional(),
    commonAnnotations: labelMap.optional(),
    externalURL: z.string().max(4000).optional(),
    alerts: z.array(alertmanagerAlertSchema).max(1000),
  })
  .loose()
  .meta({ id: 'AlertmanagerWebhook' });

/** One alert of the generic webhook. */
const genericAlertSchema = z.strictObject({
  name: z.string().min(1).max(200),
  status,
  labels: labelMap.optional(),
  severity: z.string().min(1).max(100).optional(),
  startsAt: timestamp.optional(),
  endsAt: timestamp.optional(),
  fingerprint: z.string().min(1).max(200).optional(),
  summary: z.string().max(2000).optional(),
  url: z.string().max(4000).optional(),
});

/** The generic alert webhook's body: `{ source, alerts: [...] }`. */
export const genericAlertPayloadSchema = z
  .strictObject({
    source: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'source is a lowercase name such as grafana or datadog'),
    alerts: z.array(genericAlertSchema).min(1).max(1000),
  })
  .meta({ id: 'GenericAlertWebhook' });

/** An alert as ripcord handles it, whichever payload it came in. */
export interface IncomingAlert {
  /** `alertmanager`, or the generic webhook's `source`. */
  source: string;
  fingerprint: string;
  name: string;
  status: 'firing' | 'resolved';
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date | null;
  endsAt: Date | null;
}

/** A time, or `null` for none, Alertmanager's zero time (`0001-01-01…`) or an unreadable one. */
function timeOf(text: string | undefined): Date | null {
  if (text === undefined || text.startsWith('0001-01-01')) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A stable fingerprint from the alert's name and labels, for senders that give none. */
function fingerprintOf(name: string, labels: Record<string, string>): string {
  const canonical = JSON.stringify([
    name,
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The alerts of an Alertmanager notification. */
export function fromAlertmanager(payload: z.infer<typeof alertmanagerPayloadSchema>): IncomingAlert[] {
  return payload.alerts.map((a) => {
    const name = a.labels.alertname ?? '';
    return {
      source: 'alertmanager',
      fingerprint: a.fingerprint ?? fingerprintOf(name, a.labels),
      name,
      status: a.status,
      severity: a.labels.severity ?? null,
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt: timeOf(a.startsAt),
      endsAt: timeOf(a.endsAt),
    };
  });
}

/** The alerts of a generic webhook delivery (`severity` falls back to the `severity` label). */
export function fromGeneric(payload: z.infer<typeof genericAlertPayloadSchema>): IncomingAlert[] {
  return payload.alerts.map((a) => {
    const labels: Record<string, string> = { ...a.labels, alertname: a.name };
    const annotations: Record<string, string> = {};
    if (a.summary !== undefined) annotations.summary = a.summary;
    if (a.url !== undefined) annotations.url = a.url;
    return {
      source: payload.source,
      fingerprint: a.fingerprint ?? fingerprintOf(a.name, labels),
      name: a.name,
      status: a.status,
      severity: a.severity ?? labels.severity ?? null,
      labels,
      annotations,
      startsAt: timeOf(a.startsAt),
      endsAt: timeOf(a.endsAt),
    };
  });
}
