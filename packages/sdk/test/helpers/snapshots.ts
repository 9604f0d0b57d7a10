/** Snapshot builders for tests: a support-summary-like workflow with a split. */
import type { ConfigSnapshot, WorkflowConfig } from '@ripcord/protocol';

/** Knobs of {@link makeSnapshot}. */
export interface SnapshotKnobs {
  environment?: string;
  percent?: number;
  provider?: string;
  toolsEnabled?: boolean;
  actionModeDefinition?: WorkflowConfig['flags'][string];
}

/** Builds a valid snapshot at `revision` with one workflow, `support-summary`. */
export function makeSnapshot(revision: number, k: SnapshotKnobs = {}): ConfigSnapshot {
  const workflow: WorkflowConfig = {
    revision,
    flags: k.actionModeDefinition === undefined ? {} : { 'ai.action.mode': k.actionModeDefinition },
    segments: {
      staff: { conditions: [{ attribute: 'email', op: 'ends_with', value: '@ripcord.dev' }] },
      enterprise: { conditions: [{ attribute: 'plan', op: 'eq', value: 'enterprise' }] },
    },
    bundles: {
      control: {
        version: '2026-04-10.1',
        flags: {
          'ai.route.provider': k.provider ?? 'anthropic-prod',
          'ai.tools.enabled': k.toolsEnabled ?? true,
          'ai.action.mode': 'automatic',
        },
      },
      candidate: {
        version: '2026-05-02.1',
        flags: { 'ai.route.provider': 'anthropic-next', 'ai.tools.enabled': true, 'ai.action.mode': 'automatic' },
      },
    },
    split: { release: 'sonnet-5-tier', percent: k.percent ?? 5 },
  };
  return {
    environment: k.environment ?? 'production',
    revision,
    generatedAt: new Date(0).toISOString(),
    workflows: { 'support-summary': workflow },
  };
}
