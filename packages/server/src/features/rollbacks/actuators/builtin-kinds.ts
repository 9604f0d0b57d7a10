/**
 * The built-in actuator kinds by name (docs/actuators.md): a workflow declares one with `kind:`
 * next to the signed webhooks, which need none.
 */
import type { ActuatorKind } from './actuator-kind.js';
import { gatewayApiKind, gatewayApiSchema, type GatewayApiSpec } from './gateway-api.js';
import { istioKind, istioSchema, type IstioSpec } from './istio.js';
import { kserveKind, kserveSchema, type KserveSpec } from './kserve.js';
import { mlflowKind, mlflowSchema, type MlflowSpec } from './mlflow.js';
import { tableRestoreKind, tableRestoreSchema, type TableRestoreSpec } from './table-restore.js';

/** A built-in kind's declaration. */
export type BuiltinSpec = GatewayApiSpec | IstioSpec | KserveSpec | MlflowSpec | TableRestoreSpec;

/** The schemas of the built-in kinds, for the `actuators:` union. */
export const builtinSchemas = [gatewayApiSchema, istioSchema, kserveSchema, mlflowSchema, tableRestoreSchema] as const;

const kinds: { [K in BuiltinSpec['kind']]: ActuatorKind<Extract<BuiltinSpec, { kind: K }>> } = {
  'gateway-api': gatewayApiKind,
  istio: istioKind,
  kserve: kserveKind,
  mlflow: mlflowKind,
  'table-restore': tableRestoreKind,
};

/** The built-in kind names. */
export const builtinKindNames = Object.keys(kinds) as BuiltinSpec['kind'][];

/** The implementation of a declaration's kind. */
export function kindOf<S extends BuiltinSpec>(spec: S): ActuatorKind<S> {
  return kinds[spec.kind] as unknown as ActuatorKind<S>;
}

/** Whether a declaration is of a built-in kind (not a webhook). */
export function isBuiltin(spec: { kind?: string | undefined }): spec is BuiltinSpec {
  return spec.kind !== undefined && spec.kind !== 'webhook';
}
