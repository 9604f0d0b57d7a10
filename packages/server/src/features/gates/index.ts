/**
 * The gate engine's public surface (pure: no I/O, no wall clock). Typical wiring:
 *
 *   const gates = gatesSchema.parse(release.gates);                       // validate a ticket
 *   let state = createReleaseState({ release: id, gates, ... }, clock.now());
 *   applyEvent(state, event, seq);                                         // ingest, in place
 *   applyProbe(state, { arm: 'candidate', ok, at: clock.now() });          // health probes
 *   ({ evaluation, state } = evaluateRelease(state, clock));               // every tick (10 s)
 *   store.save(serializeReleaseState(state));                              // persist (JSON text)…
 *   state = restoreReleaseState(JSON.parse(text));                         // …after a restart
 */
export {
  gateSpecSchema,
  gatesSchema,
  gateFieldsSchema,
  testModeSchema,
  releaseTestModeSchema,
  alphaSchema,
  rollbackActionSchema,
  DEFAULT_ALPHA,
  type GateSpec,
  type GateFields,
  type TestMode,
  type ReleaseTestMode,
  type Severity,
  type RollbackAction,
  type Reference,
} from './language/gate-spec.js';
export { METRICS, METRIC_INFO, type Metric, type MetricInfo } from './language/metric-catalog.js';
export {
  compileGate,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_TEST_MODE,
  type CompiledGate,
  type GateReferences,
} from './language/gate-compile.js';
export {
  createReleaseState,
  applyProbe,
  startStage,
  type ReleaseGateConfig,
  type ReleaseGateState,
  type ReferenceDistribution,
  type ApplyResult,
} from './engine/release-state.js';
export { applyEvent } from './engine/release-ingest.js';
export {
  evaluateRelease,
  releaseAlphas,
  type ReleaseEvaluation,
  type EvaluateOptions,
} from './engine/release-evaluate.js';
export {
  evaluateGate,
  DEFAULT_TICK_MS,
  type GateEvaluation,
  type GateEvaluationContext,
  type Criticality,
} from './engine/gate-evaluate.js';
export type { Verdict } from './engine/gate-literal.js';
export type { SequentialReading, SequentialMethod } from './engine/gate-sequential.js';
export { overrideGate, clearOverride, type OverrideInput, type OverrideResult } from './engine/gate-override.js';
export {
  snapshotReleaseState,
  serializeReleaseState,
  serializeReleaseStateWith,
  restoreReleaseState,
  SNAPSHOT_VERSION,
  type ReleaseStateSnapshot,
} from './engine/state-snapshot.js';
export { DEFAULT_INDEX_CAPACITY } from './engine/request-index.js';
export { dueQueryGates, applySignalReading, matchingAlertGates, applyAlert } from './engine/release-signals.js';
export type { SignalReading, AlertSignal, CountsCursor, SeriesValues } from './engine/signal-state.js';
export type { GateSource, QueryForm } from './language/gate-compile.js';
export { TEMPLATE_PLACEHOLDERS, type TemplatePlaceholder } from './language/gate-source.js';
export { parseDuration, formatDuration } from './language/gate-values.js';
