// How a command names a release (`rel_…`, WORKFLOW/ENV/NAME, or a unique name) and finds it. Its own
// file because `releases`, `release-inputs` and `rollbacks` all look releases up this way.
import type { ApiClient } from '../client.js';
import type { ApiResult, Release } from '@ripcord/protocol/api';

/** Finds a release by id (`rel_…`), `workflow/environment/name`, or a name that is unique (each may start with `release/`). */
export async function resolveRelease(client: ApiClient, given: string): Promise<Release> {
  // `release/…` is how `-o name` prints a release.
  const ref = given.replace(/^releases?\//, '');
  if (/^rel_[0-9a-f]{12}$/.test(ref)) return (await client.get<ApiResult<'getRelease'>>(`/v1/releases/${ref}`)).release;
  const { releases } = await client.get<ApiResult<'listReleases'>>('/v1/releases');
  const parts = ref.split('/');
  const matches = releases.filter((r) =>
    parts.length === 3 ? `${r.workflow}/${r.environment}/${r.name}` === ref : r.name === ref,
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new Error(`no release "${ref}" (use an id like rel_…, WORKFLOW/ENV/NAME, or a release name)`);
  throw new Error(
    `"${ref}" names ${matches.length} releases; use WORKFLOW/ENV/NAME or the id: ${matches.map((m) => m.id).join(', ')}`,
  );
}
