/** A release's status and the statuses' order (R2.2); status-state.ts gives each status its state. */

/** Where a release is in its life (R2.2). Terminal: promoted, rolled-back, aborted. */
export type ReleaseStatus = 'pending' | 'running' | 'paused' | 'rolling-back' | 'rolled-back' | 'promoted' | 'aborted';

/** Every status, in life order. */
export const releaseStatuses: readonly ReleaseStatus[] = [
  'pending',
  'running',
  'paused',
  'rolling-back',
  'rolled-back',
  'promoted',
  'aborted',
];

/**
 * Statuses that end a release: its canary is over and it no longer holds the workflow. Only
 * `promoted` may still move, to `rolling-back`, to restore the previous bundle within its cool-down.
 */
export const terminalStatuses: readonly ReleaseStatus[] = ['promoted', 'rolled-back', 'aborted'];
