/**
 * Readiness (R2.3) of a workflow's declared built-in actuators, for the readiness checks of a
 * release and of production's rollback path: picks the built-in kinds out of `actuators:` and
 * asks each whether a rollback from `candidate` to `control` could run now.
 */
import type { BundleSpec } from '../../bundles/bundle-schema.js';
import { builtinActuator, type Actuators } from '../actuator-schema.js';
import { builtinReadiness, type ActuationDeps } from './actuation.js';
import type { BuiltinSpec } from './builtin-kinds.js';

/** Blockers of the built-in actuators declared in `actuators`; [] when none is declared. */
export async function declaredReadiness(
  actuators: Actuators | undefined,
  control: BundleSpec,
  candidate: BundleSpec,
  deps: ActuationDeps,
): Promise<string[]> {
  const builtins: Record<string, BuiltinSpec> = {};
  for (const name of Object.keys(actuators ?? {})) {
    const spec = builtinActuator(actuators, name);
    if (spec) builtins[name] = spec;
  }
  if (Object.keys(builtins).length === 0) return [];
  return builtinReadiness(builtins, control, candidate, deps);
}
