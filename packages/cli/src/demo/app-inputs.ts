/**
 * What the simulated application checks and computes besides serving: the summary output's schema
 * check, and the pricing market and feature vectors the feature pipelines compute.
 */
import { logNormal } from './seeded-random.js';

const REQUIRED_FIELDS = ['summary', 'sentiment', 'next_action'] as const;

/** Whether an LLM output is JSON with the schema's required fields (outputSchema v2, parser json-v2). */
export function validSummary(output: string): boolean {
  try {
    const parsed = JSON.parse(output) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return false;
    return REQUIRED_FIELDS.every((f) => typeof (parsed as Record<string, unknown>)[f] === 'string');
  } catch {
    return false;
  }
}

/** The market one pricing request sees (the simulation's ground truth). */
interface Market {
  hourOfWeek: number;
  demand15: number;
  demand10: number;
  supply15: number;
  supply10: number;
  rainMm: number;
  eventNearby: number;
  airportQueue: number;
  trueSurge: number;
}

export function marketAt(rng: { next(): number }): Market {
  const demand15 = logNormal(rng, 50, 0.5);
  const supply15 = logNormal(rng, 45, 0.3);
  const rainMm = rng.next() < 0.7 ? 0 : -Math.log(1 - rng.next()) * 3;
  const eventNearby = rng.next() < 0.1 ? 1 : 0;
  const trueSurge = 1 + Math.max(0, demand15 / supply15 - 0.7) * 0.8 + rainMm * 0.02 + eventNearby * 0.3;
  return {
    hourOfWeek: Math.floor(rng.next() * 168),
    demand15,
    demand10: demand15 * (0.9 + rng.next() * 0.2),
    supply15,
    supply10: supply15 * (0.9 + rng.next() * 0.2),
    rainMm,
    eventNearby,
    airportQueue: Math.floor(rng.next() * 40),
    trueSurge: Math.round(trueSurge * 1000) / 1000,
  };
}

/** The features a pipeline computes, by the names it declares (fp-12: 15-minute windows; fp-13: 10-minute ones). */
export function featureVector(
  names: readonly string[],
  m: Market,
  rng: { next(): number },
): Record<string, number | null> {
  const value: Record<string, number> = {
    hour_of_week: m.hourOfWeek,
    zone_demand_15m: m.demand15,
    zone_supply_15m: m.supply15,
    zone_demand_10m: m.demand10,
    zone_supply_10m: m.supply10,
    rain_mm: m.rainMm,
    event_nearby: m.eventNearby,
    airport_queue: m.airportQueue,
  };
  const out: Record<string, number | null> = {};
  for (const name of names) {
    const v = value[name];
    // A feature store miss now and then (well under the 2 % the feature-quality gate allows).
    out[name] = v === undefined || rng.next() < 0.001 ? null : Math.round(v * 1000) / 1000;
  }
  return out;
}
