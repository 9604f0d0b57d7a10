/** Request parts the release routes share: the release id in the path and a reason body. */
import { z } from 'zod';

/** `{id}`: a release id. */
export const releaseIdParam = z.object({
  id: z.string().regex(/^rel_[0-9a-f]{12}$/, 'a release id such as rel_0123456789ab'),
});

/** `{ reason }`: why, kept in the record. */
export const reasonBody = z.strictObject({ reason: z.string().min(1, 'say why (kept in the record)').max(2000) });
