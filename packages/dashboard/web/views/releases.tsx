/** Every release the token may see, newest first. */
import type { JSX } from 'preact';
import { get } from '../api.js';
import type { Release } from '../api-types.js';
import { ErrorBox, Loading } from '../components.js';
import { useLoad } from '../hooks.js';
import { ReleaseList } from './workflows.js';

/** The releases list. */
export function ReleasesView(): JSX.Element {
  const list = useLoad(
    () => get<{ releases: Release[] }>('/v1/releases'),
    'releases',
    (c) => c.kind === 'release',
  );
  return (
    <main id="main">
      <h1>Releases</h1>
      <ErrorBox error={list.error} />
      {list.data === undefined ? <Loading /> : <ReleaseList releases={list.data.releases} />}
    </main>
  );
}
