// Types for the untyped `json-merge-patch` package (RFC 7386), as the fake API server uses it.
declare module 'json-merge-patch' {
  /** Applies `patch` to `target` (which it may change) and returns the result. */
  export function apply(target: unknown, patch: unknown): unknown;
}
