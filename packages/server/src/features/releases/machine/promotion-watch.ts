/** Which gates keep watching after promotion (cooldown-watch.ts): delayed and late-label ones. */
import { METRIC_INFO, type Metric } from '../../gates/language/metric-catalog.js';
import type { ReleaseRecord } from '../release-store.js';

/** Whether a metric is read from late labels (reviews, complaints, ground truth). */
export const lateLabels = (metric: string | undefined): boolean =>
  metric !== undefined && metric in METRIC_INFO && METRIC_INFO[metric as Metric].lateLabels;

/** Whether a release has gates that keep watching after promotion: delayed or late-label ones. */
export function watchesAfterPromotion(release: Pick<ReleaseRecord, 'spec'>): boolean {
  const gates = release.spec.gates;
  return gates !== 'none-accepted' && gates.some((g) => g.severity === 'delayed' || lateLabels(g.metric));
}
