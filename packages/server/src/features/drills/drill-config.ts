/**
 * The flag configuration as a drill's rollback run sees it (R8.1): the same executor applies the
 * same plan steps, but every effect is confined to the drill segment. Switching "all traffic to
 * the control bundle" becomes a split that serves the rollback target to the drill segment only,
 * and a flag set by a step is set for the drill segment only. Nobody outside the segment moves.
 */
import type { ChangeOptions, ConfigService, CurrentConfig } from '../flags/config-service.js';
import type { Principal } from '../auth/principal.js';
import type { EffectConfig } from '../rollbacks/step-effects.js';
import { AppError } from '../../errors.js';

type Target = { environment: string; workflow: string };

/** What a drill's effects are confined to. */
export interface DrillScope {
  /** The split's release name (`drill-<id>`): it marks the revisions as the drill's. */
  name: string;
  /** The bundle the rollback returns to (what the drill segment is switched to). */
  target: string;
  segment: string;
}

/** An {@link EffectConfig} that confines every effect to the drill segment; records the flags it set. */
export class DrillConfig implements EffectConfig {
  /** Flags a step set for the drill segment (the restore puts them back). */
  readonly flags = new Set<string>();

  constructor(
    private readonly real: ConfigService,
    private readonly scope: DrillScope,
  ) {}

  applied(environment: string, workflow: string, key: string): Promise<boolean> {
    return this.real.applied(environment, workflow, key);
  }

  /**
   * The configuration with the drill segment on production's bundle shown as a split (the drill's
   * "bad version"), so the executor's switch step still has a switch to make.
   */
  async current(environment: string, workflow: string): Promise<CurrentConfig | undefined> {
    const current = await this.real.current(environment, workflow);
    if (!current || current.config.split?.release === this.scope.name) return current;
    const split = { release: this.scope.name, percent: 100, eligibleSegment: this.scope.segment };
    return { ...current, config: { ...current.config, split } };
  }

  /** "All traffic to the control bundle": the drill segment to the rollback target. */
  clearSplit(target: Target, actor: Principal, reason: string, opts: ChangeOptions = {}) {
    return this.switchSegment(target, actor, reason, opts);
  }

  /** A traffic step: in a drill, the drill segment goes to the rollback target. */
  setSplit(target: Target, _split: unknown, actor: Principal, reason: string, opts: ChangeOptions = {}) {
    return this.switchSegment(target, actor, reason, opts);
  }

  /** A step's flag change, for the drill segment only. */
  setFlag(
    target: Target & { key: string },
    input: Parameters<ConfigService['setFlag']>[1],
    actor: Principal,
    reason: string,
    opts: ChangeOptions = {},
  ) {
    if ('definition' in input)
      throw new AppError('conflict', `a drill sets flags for its segment only; ${target.key} came as a definition`);
    this.flags.add(target.key);
    const { segment: _ignored, ...rest } = input;
    return this.real.setFlag(target, { ...rest, segment: this.scope.segment }, actor, `drill: ${reason}`, opts);
  }

  private switchSegment(target: Target, actor: Principal, reason: string, opts: ChangeOptions) {
    const split = {
      release: this.scope.name,
      candidate: this.scope.target,
      percent: 100,
      eligibleSegment: this.scope.segment,
    };
    return this.real.setSplit(target, split, actor, `drill: ${reason}`, opts);
  }
}
