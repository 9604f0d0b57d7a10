/**
 * `kind: Release` — the release ticket (R2.1) as a strict zod schema. Output keeps the words as
 * written (a ticket round-trips) except for defaults (`cooldown: 72h`, empty `automatic` and
 * `evidence`). Cross-field rules live in `release-rules.ts` and report the path of the field to fix.
 */

import type { z } from 'zod';
import { checkRelease } from './release-rules.js';
import { releaseFieldsSchema } from './release-fields.js';

export * from './release-fields.js';

/** `kind: Release` — the release ticket (R2), with every cross-field rule checked. */
export const releaseSchema = releaseFieldsSchema.superRefine(checkRelease);

/** A validated Release document. */
export type ReleaseSpec = z.infer<typeof releaseSchema>;
/** A Release document as written (before defaults). */
export type ReleaseInput = z.input<typeof releaseSchema>;
