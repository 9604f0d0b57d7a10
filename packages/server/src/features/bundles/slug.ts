import { z } from 'zod';

/** Names of workflows, environments and labels: lowercase slugs, as used in URLs and flags. */
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug: letters, digits and dashes, up to 63 characters');
