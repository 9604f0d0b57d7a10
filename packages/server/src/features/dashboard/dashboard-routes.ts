/** Everything the web dashboard adds to the server (issue 18), for the composition root to mount in one line. */
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import type { ChangeFeed } from './change-feed.js';
import { changeRoutes } from './change-routes.js';
import type { GateHistory } from './gate-history.js';
import { gateHistoryRoutes } from './gate-history-routes.js';
import { uiRoutes } from './ui-routes.js';
import type { ReleaseMachine } from '../releases/machine/release-machine.js';
import { rollbackAuthorityRoutes, type AuthorityRouteStores } from './rollback-authority-routes.js';
import type { ReleaseStore } from '../releases/release-store.js';

/** What the dashboard routes read. */
export interface DashboardRouteStores extends AuthorityRouteStores {
  releases: ReleaseStore;
}

/** The gate-history, change-feed and rollback-authority API routes, and the page at `/ui/`. */
export function dashboardRoutes(deps: {
  history: GateHistory;
  changes: ChangeFeed;
  stores: DashboardRouteStores;
  machine: ReleaseMachine;
  clock: Clock;
  logger: Logger;
}) {
  return [
    rollbackAuthorityRoutes(deps),
    gateHistoryRoutes({ history: deps.history, findRelease: (id) => deps.stores.releases.get(id) }),
    changeRoutes(deps.changes),
    uiRoutes(deps.logger),
  ];
}
