/** What the release routes share: the release id in the path, a reason body, loading the release. */
import { z } from 'zod';
import { notFound } from '../../errors.js';
import type { ReleaseService } from './release-service.js';

/** `{id}`: a release id. */
export const releaseIdParam = z.object({
  id: z.string().regex(/^rel_[0-9a-f]{12}$/, 'a release id such as rel_0123456789ab'),
});

/** `{ reason }`: why, kept in the record. */
export const reasonBody = z.strictObject({ reason: z.string().min(1, 'say why (kept in the record)').max(2000) });

/** Loads a release by id, or rejects with 404. */
export function releaseLoader(releases: ReleaseService) {
  return async (id: string) => (await releases.byId(id)) ?? Promise.reject(notFound(`release ${id}`));
}
