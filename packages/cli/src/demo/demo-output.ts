/**
 * How the demo prints: lines a person can follow (simulated clock time, stage, traffic, gates with
 * their numbers, decisions, the rollback, verification, the incident), or with `--json` one JSON
 * object per event per line (docs/demo.md lists the event types).
 */
import type { DemoEvent, DemoSink, Incident } from './demo-events.js';

/** A sink that prints each event as one line of JSON. */
export function jsonLines(out: (line: string) => void): DemoSink {
  return (event) => out(JSON.stringify(event));
}

const clock = (iso: string) => iso.slice(11, 19);
const n = (x: number) => x.toLocaleString('en-US');
const indent = '           ';

/** "27m30s", "2h05m", "0s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

const ms = (x: number | null) => (x === null ? 'not seen within 5 s' : `${x.toFixed(1)} ms`);

/** A sink that prints for people. */
export function humanLines(out: (line: string) => void): DemoSink {
  return (event) => {
    for (const line of humanText(event)) out(line);
  };
}

/** The lines of one event. */
export function humanText(e: DemoEvent): string[] {
  switch (e.type) {
    case 'demo.started':
      return demoStartedText(e);
    case 'warning':
      return [`warning: ${e.message}`];
    case 'scenario.started':
      return [
        '',
        `━━ ${e.number}/${e.of} ${e.title}`,
        `   ${e.story}`,
        `   release ${e.release}: ${e.control} → ${e.candidate} · ${e.requestsPerSecond} requests/s routed by the SDK`,
      ];
    case 'note':
      return e.lines;
    case 'operator':
      return [` ${clock(e.at)}  ${e.actor}: ${e.action}`];
    case 'release.started':
      return releaseStartedText(e);
    case 'offline.evidence':
      return [` ${clock(e.at)}  offline evaluation recorded: ${e.passed}/${e.tasks} tasks passed`];
    case 'stage':
      return stageText(e);
    case 'status':
      return statusText(e);
    case 'decision':
      // "continue" is stored at each change of what a release waits for; stages and status show it.
      return e.kind === 'continue' ? [] : [` ${clock(e.at)}  decision ${e.kind}: ${e.reasoning}`];
    case 'rollback':
      return rollbackText(e);
    case 'timeline':
      return [` ${clock(e.at)}  ${e.kind} (${e.actor})${timelineText(e.details)}`];
    case 'promoted':
      return [` ${clock(e.at)}  promoted: production → ${e.production ?? '?'}, previous → ${e.previous ?? '?'}`];
    case 'verification':
      return verificationText(e);
    case 'incident':
      return incidentText(e);
    case 'scenario.finished':
      return scenarioFinishedText(e);
    case 'summary':
      return summaryText(e);
  }
}

/** The event of one type. */
type Of<T extends DemoEvent['type']> = Extract<DemoEvent, { type: T }>;

function demoStartedText(e: Of<'demo.started'>): string[] {
  return [
    `ripcord demo: a real control plane at ${e.url} (embedded store in ${e.dataDir})`,
    `simulated time ${e.speed === 'max' ? 'as fast as this machine goes' : `×${e.speed}`}, an evaluation tick every ${e.tickSeconds} s, seed ${e.seed}` +
      (e.ingest ? '' : ' — outcome ingest is NOT available on this server'),
  ];
}

function releaseStartedText(e: Of<'release.started'>): string[] {
  if (!e.started)
    return [
      ` ${clock(e.at)}  ${e.actor} could not start the release: readiness blocked`,
      ...e.blockers.map((b) => `${indent}✗ ${b}`),
    ];
  const estimate =
    e.rollbackLevel === null ? '' : ` · its first rollback now: ${e.rollbackLevel}, ${e.rollbackEstimate ?? '?'}`;
  return [
    ` ${clock(e.at)}  started by ${e.actor} · readiness passed${estimate}`,
    ...e.rollbackRefusals.map((r) => `${indent}the planner already refuses the ticket's first rollback: ${r}`),
    ...e.warnings.map((w) => `${indent}note: ${w}`),
  ];
}

function stageText(e: Of<'stage'>): string[] {
  const traffic = e.percent === null || e.kind !== 'canary' ? '' : ` ${e.percent} %`;
  const sdk =
    e.propagationMs === null || e.kind !== 'canary'
      ? ''
      : ` · in the app's SDK ${ms(e.propagationMs)} after the change began`;
  return [` ${clock(e.at)}  stage ${e.stage}/${e.of} ${e.kind}${traffic}${sdk}`];
}

function statusText(e: Of<'status'>): string[] {
  const counts =
    e.counts === null
      ? ''
      : ` · gates ${e.counts.passing} passing, ${e.counts.breached} breached, ${e.counts.inconclusive} inconclusive`;
  const width = Math.max(0, ...e.gates.map((g) => g.gate.length));
  return [
    ` ${clock(e.at)}  stage ${e.stage} · ${n(e.requests)} requests, ${n(e.candidateRequests)} on the candidate${counts}`,
    ...e.gates.map((g) => `${indent}${mark(g.state)} ${g.gate.padEnd(width)}  ${g.sentence}`),
  ];
}

function rollbackText(e: Of<'rollback'>): string[] {
  const head =
    e.status === 'executed'
      ? ` ${clock(e.at)}  rollback executed by ${e.actor}: ${e.level} · in the app's SDK ${ms(e.propagationMs)} after the deciding tick began`
      : ` ${clock(e.at)}  rollback ${e.status} (${e.level}) by ${e.actor}`;
  return [
    head,
    ...e.refusals.map((r) => `${indent}refused: ${r}`),
    ...e.steps.map((s, i) => `${indent}${i + 1}. ${s}`),
    ...e.cannotUndo.map((c) => `${indent}cannot undo: ${c}`),
  ];
}

function verificationText(e: Of<'verification'>): string[] {
  const server =
    e.server === null
      ? 'this server keeps no incident to verify'
      : `the server's incident is ${e.server.status}${e.server.failures.length > 0 ? `: ${e.server.failures.join('; ')}` : ''}`;
  return [
    ` ${clock(e.at)}  restore ${e.passed ? 'verified' : 'NOT verified'}: ${server}; what the application saw:`,
    ...e.checks.map((c) => `${indent}${c.ok ? '✓' : '✗'} ${c.check}: ${c.detail}`),
  ];
}

function scenarioFinishedText(e: Of<'scenario.finished'>): string[] {
  const head = e.ok ? `✔ as expected: ${e.expected}` : `✘ NOT as expected: ${e.expected}`;
  return [
    ` ${head} — stored: ${e.actual} (${n(e.requests)} requests, ${duration(e.simulatedSeconds)} simulated in ${e.realSeconds} s)`,
    ...e.failures.map((f) => `   ✗ ${f}`),
  ];
}

function summaryText(e: Of<'summary'>): string[] {
  const failed = e.scenarios.filter((s) => !s.ok);
  return [
    '',
    e.ok
      ? `All ${e.scenarios.length} scenarios ended as expected (${n(e.requests)} requests in ${e.realSeconds} s).`
      : `${failed.length} of ${e.scenarios.length} scenarios did NOT end as expected: ${failed.map((s) => `${s.scenario} (${s.failures[0] ?? s.actual})`).join('; ')}`,
  ];
}

function mark(state: string): string {
  return state === 'passing' ? '✓' : state === 'breached' ? '✗' : '·';
}

function timelineText(details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(details.principals)) parts.push(`to ${details.principals.join(', ')}`);
  if (typeof details.acknowledgeBy === 'string') parts.push(`acknowledge by ${clock(details.acknowledgeBy)}`);
  if (typeof details.reason === 'string') parts.push(details.reason);
  if (Array.isArray(details.failures) && details.failures.length > 0) parts.push(details.failures.join('; '));
  if (typeof details.escalation === 'string') parts.push(details.escalation);
  return parts.length === 0 ? '' : `: ${parts.join(' · ')}`;
}

function incidentText(i: Incident): string[] {
  const b = i.blastRadius;
  const t = (iso: string | null) => (iso === null ? '?' : clock(iso));
  const d = (x: number | null) => (x === null ? '?' : duration(x));
  const harm = [
    b.brokenOutputs > 0 ? `${n(b.brokenOutputs)} outputs failed the schema` : '',
    b.writesExecuted > 0 ? `${n(b.writesExecuted)} refunds were issued automatically` : '',
  ].filter((x) => x !== '');
  return [
    `   Incident ${i.id ?? '(not recorded)'} · ${i.status} · ${i.workflow} · release ${i.release} · ${i.level} rollback on ${i.gates.join(', ') || 'its gates'}`,
    `     MTTD ${d(i.mttdSeconds)}   first exposure ${t(i.exposedAt)} → detection ${t(i.detectedAt)}`,
    `     MTTR ${d(i.mttrSeconds)}   decision ${t(i.decidedAt)} → restore ${t(i.restoredAt)} (${d(i.restoreSeconds)}) → verified ${t(i.verifiedAt)}`,
    `     the restore reached the app's SDK ${ms(i.propagationMs)} after the deciding tick began${i.firstTry === null ? '' : `; first try: ${i.firstTry ? 'yes' : 'no'}`}`,
    `     blast radius: ${n(b.requests)} requests from ${n(b.keys)} distinct keys on the candidate before the restore${harm.length > 0 ? `; ${harm.join('; ')}` : ''}`,
    `       (counts: ${b.source})`,
    ...i.customerMessages.map((m) => `     customer message: "${m}"`),
  ];
}
