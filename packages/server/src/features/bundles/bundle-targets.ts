/**
 * What a bundle says about where it lives outside ripcord: its Kubernetes Service, its MLflow
 * model version, its restorable table version. The planner copies these into a plan, so a run
 * acts on the targets frozen with it (the built-in actuators, docs/actuators.md).
 */
import { z } from 'zod';
import { kubernetesService, tableSnapshot, type BundleSpec } from './bundle-schema.js';

type Components = BundleSpec['components'];

/** A bundle's Kubernetes Service (the backend a route sends its traffic to). */
export type KubernetesTarget = NonNullable<NonNullable<Components['serving']>['kubernetes']>;

/** A bundle's table version to restore by time travel. */
export type TableTarget = NonNullable<NonNullable<Components['dataSnapshot']>['table']>;

/** The external targets of one bundle, as far as it declares them. */
export interface BundleTargets {
  /** The bundle version. */
  version: string;
  kubernetes?: KubernetesTarget;
  /** The MLflow registered model and version (name defaults to the model's name). */
  mlflow?: { name: string; version: string };
  table?: TableTarget;
}

/** The targets a bundle declares (see bundle-schema.ts: serving.kubernetes, model.mlflow, dataSnapshot.table). */
export function bundleTargets(bundle: BundleSpec): BundleTargets {
  const { serving, model, dataSnapshot } = bundle.components;
  return {
    version: bundle.version,
    ...(serving?.kubernetes ? { kubernetes: { ...serving.kubernetes } } : {}),
    ...(model?.mlflow ? { mlflow: { name: model.mlflow.name ?? model.name, version: model.mlflow.version } } : {}),
    ...(dataSnapshot?.table ? { table: { ...dataSnapshot.table } } : {}),
  };
}

/** True when the bundle declares any external target. */
export function hasTargets(t: BundleTargets): boolean {
  return t.kubernetes !== undefined || t.mlflow !== undefined || t.table !== undefined;
}

/** {@link BundleTargets} as the API shows them (a plan's `targets`). */
export const bundleTargetsSchema = z
  .object({
    version: z.string(),
    kubernetes: kubernetesService.optional(),
    mlflow: z.object({ name: z.string(), version: z.string() }).optional(),
    table: tableSnapshot.optional(),
  })
  .meta({ id: 'BundleTargets' });
