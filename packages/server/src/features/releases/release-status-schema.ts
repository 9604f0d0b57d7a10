/** A release's status as the API names it (R2.2): the runtime list behind `ReleaseStatus` (release-store.ts). */
import { z } from 'zod';
import type { ReleaseStatus } from './release-store.js';

/** Where a release is in its life; terminal: promoted, rolled-back, aborted. */
export const releaseStatusSchema = z
  .enum(['pending', 'running', 'paused', 'rolling-back', 'rolled-back', 'promoted', 'aborted'])
  .meta({ id: 'ReleaseStatus' });

// Both directions, so a status added to either side fails the build.
type Listed = z.infer<typeof releaseStatusSchema>;
const _everyListedIsAStatus: ReleaseStatus extends Listed ? (Listed extends ReleaseStatus ? true : false) : false =
  true;
void _everyListedIsAStatus;
