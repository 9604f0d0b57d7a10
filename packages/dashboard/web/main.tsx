/** The dashboard's shell: sign-in, navigation, the live feed's status, and the view for the address. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, signOut, storedToken } from './api.js';
import type { WhoAmI } from './api-types.js';
import { onFeedStatus, runFeed, type FeedStatus } from './feed.js';
import { viewerZone } from './format.js';
import { href, interceptLinks, useRoute, type Route } from './router.js';
import { SessionContext } from './session.js';
import { SignIn } from './views/sign-in.js';
import { WorkflowsView, WorkflowView } from './views/workflows.js';
import { ReleasesView } from './views/releases.js';
import { ReleaseView } from './views/release.js';
import { RunView } from './views/rollback-run.js';
import { IncidentsView, IncidentView } from './views/incidents.js';
import { BundlesView, BundleView } from './views/bundles.js';
import { OperationsView } from './views/operations.js';
import { DrillView } from './views/drills.js';
import { RunbookView } from './views/runbook.js';
import { AuditView } from './views/audit.js';

const nav: [string, string, Route['view'][]][] = [
  ['Workflows', href(''), ['workflows', 'workflow', 'bundles', 'bundle', 'runbook']],
  ['Releases', href('releases'), ['releases', 'release', 'run']],
  ['Incidents', href('incidents'), ['incidents', 'incident']],
  ['Operations', href('operations'), ['operations', 'drill']],
  ['Audit log', href('audit'), ['audit']],
];

function View(props: { route: Route }): JSX.Element {
  const r = props.route;
  switch (r.view) {
    case 'workflows':
      return <WorkflowsView />;
    case 'workflow':
      return <WorkflowView workflow={r.workflow} />;
    case 'bundles':
      return <BundlesView workflow={r.workflow} from={r.from} to={r.to} />;
    case 'bundle':
      return <BundleView workflow={r.workflow} version={r.version} />;
    case 'releases':
      return <ReleasesView />;
    case 'release':
      return <ReleaseView id={r.id} />;
    case 'run':
      return <RunView id={r.id} />;
    case 'incidents':
      return <IncidentsView />;
    case 'incident':
      return <IncidentView id={r.id} />;
    case 'operations':
      return <OperationsView since={r.since} />;
    case 'drill':
      return <DrillView id={r.id} />;
    case 'runbook':
      return <RunbookView workflow={r.workflow} environment={r.environment} />;
    case 'audit':
      return <AuditView />;
    case 'not-found':
      return (
        <main id="main">
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{r.path}</code>. <a href={href('')}>Go to the workflows.</a>
          </p>
        </main>
      );
  }
}

function FeedIndicator(): JSX.Element {
  const [status, setStatus] = useState<FeedStatus>('connecting');
  useEffect(() => onFeedStatus(setStatus), []);
  const words = { live: 'Live', connecting: 'Connecting…', offline: 'Offline: retrying' } as const;
  return (
    <span class={`feed feed-${status}`} role="status" aria-live="polite" data-feed={status}>
      <span aria-hidden="true">{status === 'live' ? '●' : '○'}</span> {words[status]}
    </span>
  );
}

function Shell(props: { who: WhoAmI }): JSX.Element {
  const route = useRoute();
  const { who } = props;
  useEffect(() => {
    const token = storedToken();
    if (token === null) return;
    const abort = new AbortController();
    void runFeed(token, abort.signal);
    return () => abort.abort();
  }, [who.tokenId]);
  useEffect(() => {
    // A new page starts at the top, and its heading is announced (focus moves to the content).
    if (location.hash === '') window.scrollTo(0, 0);
    else document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [route]);
  const scope = who.scope?.workflows ? ` · scoped to ${who.scope.workflows.join(', ')}` : '';
  return (
    <SessionContext.Provider value={who}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href('')}>
          ripcord
        </a>
        <nav aria-label="Main">
          <ul>
            {nav.map(([label, to, views]) => (
              <li key={label}>
                <a href={to} aria-current={views.includes(route.view) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <FeedIndicator />
          <span>
            {who.subject} ({who.role}
            {scope})
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <p class="zone">
        Times are in your time zone ({viewerZone}); hover over one for UTC.
        {who.role === 'viewer' && ' Your token is read-only: it can see, not act.'}
      </p>
      <View route={route} />
    </SessionContext.Provider>
  );
}

function App(): JSX.Element {
  const [who, setWho] = useState<WhoAmI | null | undefined>(undefined);
  useEffect(() => {
    const out = () => setWho(null);
    window.addEventListener('ripcord:signed-out', out);
    if (storedToken() === null) setWho(null);
    else call<WhoAmI>('GET', '/v1/whoami').then(setWho, () => setWho(null));
    return () => window.removeEventListener('ripcord:signed-out', out);
  }, []);
  if (who === undefined) return <p role="status">Loading…</p>;
  if (who === null) return <SignIn onSignedIn={setWho} />;
  return <Shell who={who} />;
}

document.addEventListener('click', interceptLinks);
render(<App />, document.getElementById('app')!);
