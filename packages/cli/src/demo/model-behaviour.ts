/**
 * How a simulated model route answers, per bundle version: the knobs a scenario sets (latency,
 * errors, broken JSON, cost, refusals and safety blocks, tool calls, prediction bias) and the pure
 * functions that turn one request into one answer. Randomness is keyed by the request id, so the
 * answer to a request never depends on the order in which concurrent requests arrive.
 */
import { chance, logNormal, requestRandom, standardNormal } from './seeded-random.js';

/** Knobs of an LLM route serving support summaries. */
export interface SummaryBehaviour {
  kind: 'summary';
  /** Mean and log-scale σ of the simulated end-to-end latency. */
  latencyMeanMs: number;
  latencySigma: number;
  /** Share of calls answered with HTTP 503 (provider error). */
  errorRate: number;
  /** Share of calls whose output is not valid JSON (truncated mid-object). */
  brokenJsonRate: number;
  /** Mean cost of one call in USD (log-normal, σ 0.3). */
  costMeanUsd: number;
  /** Share of calls the provider's safety filter blocks (a refusal instead of a summary). */
  safetyBlockRate: number;
  /** Share of calls that look up the order (a read tool). */
  lookupRate: number;
  /** Share of calls that propose a refund (a write tool; only executed in automatic mode). */
  refundRate: number;
  /** Share of outputs a human reviewer would reject. */
  poorQualityRate: number;
}

/** Knobs of a demand model serving surge prices. */
export interface PricingBehaviour {
  kind: 'pricing';
  latencyMeanMs: number;
  latencySigma: number;
  errorRate: number;
  /** Multiplier on the true surge the model predicts (1 = unbiased; 1.2 = prices drift 20 % up). */
  predictionBias: number;
  /** Relative noise of predictions (σ of a normal factor around 1). */
  predictionNoise: number;
}

/** A model route's behaviour. */
export type ModelBehaviour = SummaryBehaviour | PricingBehaviour;

/** A support ticket to summarise. */
export interface SummaryRequest {
  requestId: string;
  ticket: { id: string; queue: string; words: number };
  /** Whether the app lets the model call tools (`ai.tools.enabled`). */
  toolsEnabled: boolean;
}

/** One tool call the model made, as outcome events report it. */
export interface ToolCall {
  name: string;
  sideEffects: 'read' | 'write';
  ok: boolean;
}

/** What an LLM route answers. `output` is the raw text the application must parse. */
export interface SummaryAnswer {
  output: string;
  latencyMs: number;
  costUsd: number;
  safetyBlocked: boolean;
  toolCalls: ToolCall[];
  /** The simulation's ground truth of output quality (what a reviewer will say); not a real API field. */
  quality: 'good' | 'poor';
}

/** Features of one pricing request, from the routed bundle's feature pipeline. */
export interface PricingRequest {
  requestId: string;
  features: Record<string, number | null>;
  /** The surge the market would clear at (the simulation's ground truth). */
  trueSurge: number;
}

/** What a demand model answers. */
export interface PricingAnswer {
  prediction: number;
  latencyMs: number;
}

/** An answer, or a provider error (the service answers HTTP 503). */
export type ModelAnswer<T> = { ok: true; answer: T } | { ok: false; latencyMs: number };

const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

/** Answers one summary request the way the behaviour says. */
export function answerSummary(b: SummaryBehaviour, req: SummaryRequest, seed: number): ModelAnswer<SummaryAnswer> {
  const rng = requestRandom(req.requestId, seed);
  const latencyMs = Math.round(logNormal(rng, b.latencyMeanMs, b.latencySigma));
  if (chance(rng, b.errorRate)) return { ok: false, latencyMs };
  const costUsd = logNormal(rng, b.costMeanUsd, 0.3);
  const quality = chance(rng, b.poorQualityRate) ? 'poor' : 'good';
  const toolCalls: ToolCall[] = [];
  if (req.toolsEnabled && chance(rng, b.lookupRate))
    toolCalls.push({ name: 'lookup_order', sideEffects: 'read', ok: true });
  if (req.toolsEnabled && chance(rng, b.refundRate))
    toolCalls.push({ name: 'issue_refund', sideEffects: 'write', ok: true });
  if (chance(rng, b.safetyBlockRate)) {
    const output = JSON.stringify({ refusal: 'This request was blocked by the provider safety policy.' });
    return { ok: true, answer: { output, latencyMs, costUsd, safetyBlocked: true, toolCalls: [], quality } };
  }
  const summary = {
    summary: `Ticket ${req.ticket.id} (${req.ticket.queue}) resolved after ${1 + Math.floor(rng.next() * 4)} replies.`,
    sentiment: SENTIMENTS[Math.floor(rng.next() * SENTIMENTS.length)] ?? 'neutral',
    next_action: rng.next() < 0.5 ? 'none' : 'follow up in 7 days',
  };
  let output = JSON.stringify(summary);
  // Broken JSON: the answer stops mid-object, the way a truncated generation does.
  if (chance(rng, b.brokenJsonRate)) output = output.slice(0, Math.max(10, Math.floor(output.length * 0.6)));
  return { ok: true, answer: { output, latencyMs, costUsd, safetyBlocked: false, toolCalls, quality } };
}

/** Answers one pricing request the way the behaviour says. */
export function answerPricing(b: PricingBehaviour, req: PricingRequest, seed: number): ModelAnswer<PricingAnswer> {
  const rng = requestRandom(req.requestId, seed);
  const latencyMs = Math.round(logNormal(rng, b.latencyMeanMs, b.latencySigma) * 10) / 10;
  if (chance(rng, b.errorRate)) return { ok: false, latencyMs };
  const noise = 1 + b.predictionNoise * standardNormal(rng);
  const prediction = Math.max(0.1, Math.round(req.trueSurge * b.predictionBias * noise * 1000) / 1000);
  return { ok: true, answer: { prediction, latencyMs } };
}
