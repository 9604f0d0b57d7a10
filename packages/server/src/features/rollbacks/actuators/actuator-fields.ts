/**
 * Fields every actuator declaration shares (webhooks and the built-in kinds): where it calls, which
 * server environment variable holds its credential, and how long and how often it may try.
 */
import { z } from 'zod';
import type { ComponentName } from '../../bundles/bundle-schema.js';
import { parseDuration } from '../../gates/language/gate-values.js';

/** Credentials are named by variable, never written in a spec; only these variables may be named. */
export const SECRET_ENV = /^RIPCORD_ACTUATOR_SECRET(_[A-Z0-9]+)*$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A duration such as 30s, 5m or 6h, at most `maxMs`. */
export const duration = (what: string, maxMs: number) =>
  z.string().refine(
    (v) => {
      const ms = parseDuration(v);
      return ms !== undefined && ms <= maxMs;
    },
    `${what} must be a duration such as 30s, 5m or 6h, at most ${maxMs / 3_600_000}h`,
  );

/** An https URL (plain http only to loopback), without credentials or fragment. */
export const actuatorUrl = z
  .string()
  .max(2000)
  .refine((raw) => {
    if (!URL.canParse(raw)) return false;
    const url = new URL(raw);
    if (url.hash !== '' || url.username !== '' || url.password !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'must be an absolute https URL (plain http only to a loopback address), without credentials or #fragment');

/**
 * A server environment variable holding a credential. A spec may only name
 * `RIPCORD_ACTUATOR_SECRET*` variables: a built-in kind sends its token to the URL the spec names,
 * so a spec must not be able to send the server's other secrets anywhere.
 */
export const secretEnv = z
  .string()
  .regex(SECRET_ENV, 'must be RIPCORD_ACTUATOR_SECRET or start with RIPCORD_ACTUATOR_SECRET_');

/** How long one call may take (default 10s). */
export const callTimeout = duration('timeout', 120_000);

/** Calls made before a step fails (default 5). */
export const callAttempts = z.number().int().min(1).max(10);

/** Jobs: how long the job may take to succeed before the run fails (default 6h). */
export const jobDeadline = duration('deadline', 7 * 86_400_000);

/** A Kubernetes object name (DNS-1123 subdomain) and a namespace (DNS-1123 label). */
export const kubernetesName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a Kubernetes object name');
export const kubernetesNamespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace');

/** The components an actuator may be declared for (the restore steps' `component`). */
export const actuatorComponents = [
  'modelRoute',
  'model',
  'prompt',
  'retrieval',
  'tools',
  'outputSchema',
  'featurePipeline',
  'dataSnapshot',
  'serving',
  'evaluation',
  'batch',
] as const satisfies readonly ComponentName[];

/** The job kinds of levels 3–4 (see releases/planning/plan-jobs.ts). */
export const jobKinds = ['recompute-features', 'restore-snapshot', 'retrain-model'] as const;
/** A job kind. */
export type JobKind = (typeof jobKinds)[number];
