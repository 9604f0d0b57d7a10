/** The ripcord web dashboard (issue 18): its sources are in `web/`, built in memory and served by the server at `/ui/`. */
export {
  buildDashboard,
  dashboardAssets,
  webDir,
  type DashboardAsset,
  type DashboardAssets,
} from './build-dashboard.js';
