/**
 * The flag configuration as a chaos run's rollback sees it (R8.1): the chaos release's split
 * serves the candidate to the drill segment only, so ending it ("all traffic to the control
 * bundle") moves only the drill segment; a traffic step that would narrow the split ends it too;
 * a step's flag change is set for the drill segment only. Nobody outside the segment moves.
 */
import { AppError } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ChangeOptions, ConfigService } from '../flags/config-service.js';
import type { EffectConfig } from '../rollbacks/step-effects.js';

type Target = { environment: string; workflow: string };

/** An {@link EffectConfig} confined to the drill segment of one chaos release; records the flags it set. */
export class ChaosConfig implements EffectConfig {
  /** Flags a step set for the drill segment (the restore puts them back). */
  readonly flags = new Set<string>();

  constructor(
    private readonly real: ConfigService,
    private readonly scope: { release: string; segment: string },
  ) {}

  applied(environment: string, workflow: string, key: string): Promise<boolean> {
    return this.real.applied(environment, workflow, key);
  }

  current(environment: string, workflow: string) {
    return this.real.current(environment, workflow);
  }

  /** Ends the chaos split (it covers the drill segment only); refuses to end anyone else's. */
  async clearSplit(target: Target, actor: Principal, reason: string, opts: ChangeOptions = {}) {
    const now = await this.real.current(target.environment, target.workflow);
    if (now?.config.split?.release !== this.scope.release)
      throw new AppError(
        'conflict',
        `the split is ${now?.config.split?.release ?? 'gone'}, not the chaos release ${this.scope.release}: nothing of it is ended`,
      );
    return this.real.clearSplit(target, actor, `chaos: ${reason}`, opts);
  }

  /** A traffic step (previous stage, a segment to 0 %): in a chaos run, the drill segment leaves the candidate. */
  setSplit(target: Target, _split: unknown, actor: Principal, reason: string, opts: ChangeOptions = {}) {
    return this.clearSplit(target, actor, reason, opts);
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
      throw new AppError('conflict', `a chaos run sets flags for its segment only; ${target.key} came as a definition`);
    this.flags.add(target.key);
    const { segment: _ignored, ...rest } = input;
    return this.real.setFlag(target, { ...rest, segment: this.scope.segment }, actor, `chaos: ${reason}`, opts);
  }
}
