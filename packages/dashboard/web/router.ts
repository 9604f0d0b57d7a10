/**
 * Deep links: every object has its own address under /ui/ (a release, a gate as `#gate-<name>`, a
 * run, an incident, a bundle, a diff, a drill, a runbook, the report over a period), reached by
 * history navigation without a reload.
 */
import { useEffect, useState } from 'preact/hooks';

/** Where the page is. */
export type Route =
  | { view: 'workflows' }
  | { view: 'workflow'; workflow: string }
  | { view: 'bundles'; workflow: string; from: string | null; to: string | null }
  | { view: 'bundle'; workflow: string; version: string }
  | { view: 'releases' }
  | { view: 'release'; id: string }
  | { view: 'run'; id: string }
  | { view: 'incidents' }
  | { view: 'incident'; id: string }
  | { view: 'operations'; since: string | null }
  | { view: 'drill'; id: string }
  | { view: 'runbook'; workflow: string; environment: string }
  | { view: 'audit' }
  | { view: 'not-found'; path: string };

const BASE = '/ui';

/** The route of a location. */
export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname
    .replace(/^\/ui\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const q = new URLSearchParams(search);
  const [a, b, c, d] = parts;
  if (a === undefined) return { view: 'workflows' };
  if (a === 'workflows' && b !== undefined && c === undefined) return { view: 'workflow', workflow: b };
  if (a === 'workflows' && b !== undefined && c === 'runbook' && d === undefined)
    return { view: 'runbook', workflow: b, environment: q.get('environment') ?? 'production' };
  if (a === 'workflows' && b !== undefined && c === 'bundles' && d === undefined)
    return { view: 'bundles', workflow: b, from: q.get('from'), to: q.get('to') };
  if (a === 'workflows' && b !== undefined && c === 'bundles' && d !== undefined)
    return { view: 'bundle', workflow: b, version: d };
  if (a === 'workflows' && b === undefined) return { view: 'workflows' };
  if (a === 'releases') return b === undefined ? { view: 'releases' } : { view: 'release', id: b };
  if (a === 'rollbacks' && b !== undefined) return { view: 'run', id: b };
  if (a === 'incidents') return b === undefined ? { view: 'incidents' } : { view: 'incident', id: b };
  if (a === 'operations') return { view: 'operations', since: q.get('since') };
  if (a === 'drills' && b !== undefined) return { view: 'drill', id: b };
  if (a === 'audit') return { view: 'audit' };
  return { view: 'not-found', path: pathname };
}

/** The address of a path under /ui (segments are escaped). */
export function href(...segments: string[]): string {
  return `${BASE}/${segments.map(encodeURIComponent).join('/')}`;
}

/** Goes to `to` without a reload. */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new Event('ripcord:navigate'));
}

/** The current route, following navigation. */
export function useRoute(): Route {
  const read = () => parseRoute(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('popstate', update);
    window.addEventListener('ripcord:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('ripcord:navigate', update);
    };
  }, []);
  return route;
}

/** Follows same-page links under /ui without a reload (ctrl/cmd-click still opens a tab). */
export function interceptLinks(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest('a');
  if (a === null || a === undefined || a.target !== '' || a.origin !== location.origin) return;
  if (!a.pathname.startsWith(`${BASE}/`) || a.hasAttribute('download')) return;
  if (a.pathname === location.pathname && a.search === location.search && a.hash !== '') return;
  e.preventDefault();
  navigate(a.pathname + a.search + a.hash);
}
