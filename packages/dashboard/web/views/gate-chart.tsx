/**
 * A gate over time: candidate vs control against the threshold, breached readings marked, and —
 * for gates with a sequential test — its e-value against the bound 1/α on a log scale (ADR 0002).
 * Drawn with uPlot on a canvas; the caption says what it shows and a table holds every reading, so
 * the chart is never the only way to read it (line styles and labels, not only colours, tell the
 * series apart).
 */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { GateHistory, GatePoint } from '../api-types.js';
import { Badge, Scroll } from '../components.js';
import { num, Time } from '../format.js';

const LN10 = Math.log(10);

/** A gate's readings, aligned on the history's ticks. */
export interface GateSeries {
  times: number[];
  points: (GatePoint | undefined)[];
  ats: string[];
}

/** The readings of one gate from a release's history. */
export function seriesOf(history: GateHistory, gate: string): GateSeries {
  const ticks = history.ticks.filter((t) => t.gates[gate] !== undefined);
  return {
    times: ticks.map((t) => Date.parse(t.at) / 1000),
    points: ticks.map((t) => t.gates[gate]),
    ats: ticks.map((t) => t.at),
  };
}

const val = (p: GatePoint | undefined, f: (p: GatePoint) => number | null): number | null =>
  p === undefined ? null : f(p);

function Plot(props: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; height: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const plot = new uPlot(
      { ...props.options, width: Math.max(el.clientWidth, 240), height: props.height },
      props.data,
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(el.clientWidth, 240), height: props.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.options, props.data, props.height]);
  return <div ref={box} class="plot" aria-hidden="true" />;
}

function valueChart(s: GateSeries): { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData } {
  const data: uPlot.AlignedData = [
    s.times,
    s.points.map((p) => val(p, (x) => x.statistic)),
    s.points.map((p) => val(p, (x) => x.control)),
    s.points.map((p) => val(p, (x) => x.threshold)),
    s.points.map((p) => (p?.state === 'breached' ? p.statistic : null)),
  ];
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    series: [
      {},
      { label: 'candidate (solid)', stroke: '#0b5cad', width: 2 },
      { label: 'control (dotted)', stroke: '#57606a', width: 2, dash: [2, 4] },
      { label: 'threshold (dashed)', stroke: '#b42318', width: 1.5, dash: [10, 5] },
      {
        label: 'breached (circled)',
        stroke: '#b42318',
        width: 0,
        paths: () => null,
        points: { show: true, size: 10, width: 2, stroke: '#b42318', fill: '#ffffff' },
      },
    ],
    axes: [{}, { size: 60 }],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  };
  return { options, data };
}

function evidenceChart(s: GateSeries): { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData } {
  const log10 = (v: number | null) => (v === null ? null : v / LN10);
  const data: uPlot.AlignedData = [
    s.times,
    s.points.map((p) => log10(val(p, (x) => x.logE))),
    s.points.map((p) => log10(val(p, (x) => x.logNeeded))),
  ];
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    series: [
      {},
      { label: 'log₁₀ e-value (solid)', stroke: '#6639ba', width: 2 },
      { label: 'log₁₀ 1/α: breach at or above (dashed)', stroke: '#b42318', width: 1.5, dash: [10, 5] },
    ],
    axes: [{}, { size: 60 }],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  };
  return { options, data };
}

/** What the chart shows, in words (its caption). */
function caption(s: GateSeries): string {
  const n = s.points.length;
  if (n === 0) return 'No readings recorded yet: the chart fills in at each evaluation tick.';
  const breached = s.points.filter((p) => p?.state === 'breached').length;
  const first = s.points.findIndex((p) => p?.state === 'breached');
  const last = s.points[n - 1];
  const latest = `Latest: candidate ${num(last?.statistic)}, control ${num(last?.control)}, threshold ${num(last?.threshold)}.`;
  if (s.points.every((p) => p?.statistic === null)) return `${n} readings, none with a value yet (nothing to draw).`;
  if (first < 0) return `${n} readings, none breached. ${latest}`;
  const at = new Date(s.ats[first] ?? '').toLocaleTimeString();
  return `${n} readings; breached at ${at} (${breached} of ${n} readings breached). ${latest}`;
}

/** The gate's charts, caption and readings table. */
export function GateChart(props: { history: GateHistory; gate: string }): JSX.Element {
  const s = seriesOf(props.history, props.gate);
  const value = valueChart(s);
  const breached = s.points.filter((p) => p?.state === 'breached').length;
  const hasValues = s.points.some((p) => p?.statistic !== null && p?.statistic !== undefined);
  // The sequential test says nothing before there is data (its e-value stays 1): no second chart then.
  const evidence =
    hasValues && s.points.some((p) => p?.logE !== null && p?.logE !== undefined) ? evidenceChart(s) : null;
  return (
    <figure class="chart" data-gate={props.gate} data-breached-points={breached} data-readings={s.points.length}>
      {hasValues && <Plot options={value.options} data={value.data} height={150} />}
      {evidence !== null && <Plot options={evidence.options} data={evidence.data} height={100} />}
      <figcaption>{caption(s)}</figcaption>
      {s.points.length > 0 && (
        <details>
          <summary>Readings as a table</summary>
          <Scroll label={`Readings of ${props.gate}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">State</th>
                  <th scope="col">Candidate</th>
                  <th scope="col">Control</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">e-value / bound</th>
                  <th scope="col">Samples</th>
                </tr>
              </thead>
              <tbody>
                {s.points.map((p, i) => (
                  <tr key={s.ats[i]}>
                    <td>
                      <Time iso={s.ats[i]} timeOnly />
                    </td>
                    <td>{p === undefined ? '—' : <Badge state={p.state} />}</td>
                    <td>{num(p?.statistic)}</td>
                    <td>{num(p?.control)}</td>
                    <td>{num(p?.threshold)}</td>
                    <td>
                      {p?.logE === null || p?.logE === undefined
                        ? '—'
                        : `${num(Math.exp(Math.min(p.logE, 700)))} / ${num(Math.exp(p.logNeeded ?? 0))}`}
                    </td>
                    <td>{p?.samples ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </details>
      )}
    </figure>
  );
}
