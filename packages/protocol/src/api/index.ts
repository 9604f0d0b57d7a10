/**
 * The control plane's HTTP API as TypeScript types, for its clients (the CLI, the dashboard,
 * tests): generated from the OpenAPI document (`openapi-types.ts`, `npm run api:generate`), plus
 * helpers that name an operation's bodies by its operationId. Types only.
 */
import type { operations } from './openapi-types.js';

export type * from './openapi-types.js';

/** Every operationId of the API (docs/api.md lists them). */
export type OperationId = keyof operations;

type SuccessStatus = 200 | 201 | 202;
type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body of an operation's success (2xx) answer, e.g. `ApiResult<'getRelease'>`. */
export type ApiResult<Op extends OperationId> = {
  [S in keyof operations[Op]['responses'] & SuccessStatus]: JsonContent<operations[Op]['responses'][S]>;
}[keyof operations[Op]['responses'] & SuccessStatus];

/** The JSON request body an operation takes, e.g. `ApiBody<'rollBackRelease'>`. */
export type ApiBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
