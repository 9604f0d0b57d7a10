/**
 * The closed set of root-cause categories a post-incident review picks from (R7.1, R8.2), so the
 * effectiveness report can count causes; the review's `rootCause` keeps the free text.
 */
export const CAUSE_CATEGORIES = [
  'model',
  'prompt',
  'retrieval',
  'tools',
  'output-schema',
  'feature-pipeline',
  'data',
  'provider',
  'infrastructure',
  'configuration',
  'evaluation-gap',
  'other',
] as const;

/** One root-cause category. */
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];
