/**
 * The OpenAPI document's fixed parts (info, license, servers, security, tags) and the two ways to
 * get it: served at `/v1/openapi.json`, or built in process for the contract tooling (no server).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './types.js';

/** Where the document is served (no token needed). */
export const OPENAPI_PATH = '/v1/openapi.json';

/** Every tag an operation uses, with what it groups (Redocly wants tags declared and described). */
const tags = [
  { name: 'registry', description: 'Workflows and their immutable bundles (R1)' },
  { name: 'labels', description: 'Environment labels and their append-only history (R1.3)' },
  { name: 'tokens', description: 'API tokens and who a token is' },
  { name: 'audit', description: 'The hash-chained audit log (R7.3)' },
  { name: 'flags', description: 'Flags, segments and traffic splits: every change is a revision (R3)' },
  { name: 'sdk', description: 'What SDKs read: the configuration snapshot and its stream (R3.2)' },
  { name: 'releases', description: 'Release tickets, their state machine, readiness and rollbacks (R2, R5, R6)' },
  { name: 'gates', description: "A release's gates, evaluated now, and manual overrides (R4)" },
  { name: 'rollbacks', description: 'Rollback runs, their steps and level 3/4 jobs (R5.3, R7.1)' },
  { name: 'incidents', description: 'Incidents: verification, MTTD/MTTR, blast radius, review (R7, R8.2)' },
  { name: 'operations', description: 'The three operations a release must prove (R3.4)' },
  { name: 'ingest', description: 'Outcome events from SDKs and applications (R4.5)' },
];

/** The document's top level besides paths and components. */
export const openApiConfig = {
  openapi: '3.1.0',
  info: {
    title: 'ripcord control plane',
    version: '0.1.0',
    description: 'Rollback control plane for AI features',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  servers: [
    {
      url: 'http://{host}:{port}',
      description: 'A control plane started with `npm start` or `ripcord serve` (RIPCORD_HOST, RIPCORD_PORT)',
      variables: { host: { default: '127.0.0.1' }, port: { default: '7400' } },
    },
  ],
  security: [{ bearer: [] }],
  tags,
};

/** Serves the document at {@link OPENAPI_PATH} and declares the bearer scheme every operation uses. */
export function registerOpenApi(app: OpenAPIHono<AppEnv>): void {
  app.doc31(OPENAPI_PATH, openApiConfig);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
}

/** The document `app` serves, built without a request (the contract tooling and its tests use it). */
export function openApiDocument(app: OpenAPIHono<AppEnv>): ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']> {
  return app.getOpenAPI31Document(openApiConfig);
}
