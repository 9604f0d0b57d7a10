/**
 * The closed set of error codes the API returns, each mapped to one HTTP status. The `Record`
 * makes the compiler check that every code has a status. Expected outcomes (a gate is breached,
 * an approval is missing) are values, not errors; these are for requests that cannot be served.
 */
export const errorStatus = {
  bad_request: 400,
  malformed_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  retention_hold: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_supported_yet: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

/** One of the API's error codes. */
export type ErrorCode = keyof typeof errorStatus;

/** A detail of an error, e.g. one bad field: `path` is the location in the request. */
export interface ErrorDetail {
  path?: string;
  message: string;
  [key: string]: unknown;
}

/** An error the API reports to the caller with a code, a message and optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** The HTTP status for this error's code. */
  get status(): number {
    return errorStatus[this.code];
  }
}

/** Shorthand for a 404 naming what was not found. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}
