/**
 * Effectiveness (R8.2) from `GET /v1/report`: MTTD, MTTR per level, first-try success, blast
 * radius, drill completion, rollback frequency and root causes, each against its target in words.
 * A workflow-scoped token reads its own workflows' sections (the server refuses the whole).
 */
import type { JSX } from 'preact';
import { get } from '../api.js';
import type { EffectivenessReport, EffectivenessSection, WhoAmI } from '../api-types.js';
import { Badge, ErrorBox, Facts, Loading, Panel } from '../components.js';
import { duration, num, Time } from '../format.js';
import { anyChange, useLoad } from '../hooks.js';
import { href } from '../router.js';
import { useWho } from '../session.js';

const periods = ['7d', '30d', '90d', '365d'];

/** The report's sections: every workflow together and each workflow (or only the token's). */
async function loadReport(
  who: WhoAmI,
  since: string,
): Promise<{ from: string; until: string; sections: EffectivenessSection[] }> {
  const scoped = who.scope?.workflows;
  const q = `since=${encodeURIComponent(since)}`;
  if (scoped === undefined) {
    const r = await get<EffectivenessReport>(`/v1/report?${q}`);
    return { from: r.since, until: r.until, sections: [r.overall, ...r.workflows] };
  }
  const reports = await Promise.all(
    scoped.map((w) => get<EffectivenessReport>(`/v1/report?${q}&workflow=${encodeURIComponent(w)}`)),
  );
  // A report of one workflow: its section (the overall one, named after it, when it has none).
  const sections = reports.map(
    (r, n) => r.workflows.find((w) => w.workflow === scoped[n]) ?? { ...r.overall, workflow: scoped[n] ?? null },
  );
  return { from: reports[0]?.since ?? '', until: reports[0]?.until ?? '', sections };
}

/** Met / missed / no data, as a badge (words and icon, colour only repeats them). */
function Target(props: { met: boolean | null }): JSX.Element {
  if (props.met === null) return <span class="muted">no data</span>;
  return <Badge state={props.met ? 'passing' : 'breached'} label={props.met ? 'target met' : 'target missed'} />;
}

const seconds = (s: number | null) => (s === null ? '—' : duration(s * 1000));
const rate = (r: number | null) => (r === null ? '—' : `${num(r * 100)} %`);

function Spread(props: { s: EffectivenessSection['mttd'] }): JSX.Element {
  const s = props.s;
  return (
    <span>
      p50 {seconds(s.p50Seconds)}, p90 {seconds(s.p90Seconds)} over {s.count} (target {seconds(s.targetSeconds)}){' '}
      <Target met={s.met} />
    </span>
  );
}

function Section(props: { s: EffectivenessSection }): JSX.Element {
  const s = props.s;
  const title = s.workflow === null ? 'Every workflow' : s.workflow;
  return (
    <section class="subpanel" aria-label={`Effectiveness: ${title}`}>
      <h3>{s.workflow === null ? title : <a href={href('workflows', s.workflow)}>{title}</a>}</h3>
      <Facts
        items={[
          ['Incidents', `${s.incidents} (${s.unreviewed} without a review)`],
          ['MTTD', <Spread s={s.mttd} />],
          ...s.mttr.map((m): [string, JSX.Element] => [`MTTR ${m.level}`, <Spread s={m} />]),
          [
            'Rolled back on the first try',
            <span>
              {s.firstTry.successes} of {s.firstTry.finished} ({rate(s.firstTry.rate)}, target {rate(s.firstTry.target)}
              ) <Target met={s.firstTry.met} />
            </span>,
          ],
          [
            'Blast radius',
            `${s.blastRadius.requests} requests, ${s.blastRadius.distinctKeys} distinct keys (largest: ${s.blastRadius.largestRequests})`,
          ],
          [
            'Drills',
            <span>
              {s.drills.passed} passed, {s.drills.failed} failed of {s.drills.expected} expected ({rate(s.drills.rate)},
              target {rate(s.drills.target)}) <Target met={s.drills.met} />
            </span>,
          ],
          [
            'Rollbacks',
            `${s.rollbacks.count} (${num(s.rollbacks.perWeek)} a week; ${
              Object.entries(s.rollbacks.byLevel)
                .map(([l, n]) => `${l}: ${n}`)
                .join(', ') || 'none'
            })`,
          ],
          ['Root causes', s.rootCauses.map((c) => `${c.cause} (${c.count})`).join(', ') || '—'],
        ]}
      />
    </section>
  );
}

/** The effectiveness panel, over a period chosen by link (`/ui/operations?since=7d#effectiveness`). */
export function EffectivenessPanel(props: { since: string | null }): JSX.Element {
  const who = useWho();
  const since = props.since ?? '30d';
  const report = useLoad(() => loadReport(who, since), `report:${since}`, anyChange);
  const r = report.data;
  return (
    <Panel title="Effectiveness metrics (R8.2)" id="effectiveness">
      <nav aria-label="Period" class="periods">
        {periods.map((p) => (
          <a
            key={p}
            href={`${href('operations')}?since=${p}#effectiveness`}
            aria-current={p === since ? 'page' : undefined}
          >
            last {p}
          </a>
        ))}
      </nav>
      <ErrorBox error={report.error} />
      {r === undefined ? (
        report.error === undefined && <Loading />
      ) : (
        <>
          <p>
            From <Time iso={r.from} /> to <Time iso={r.until} />.
          </p>
          <div class="sections">
            {r.sections.map((s) => (
              <Section key={s.workflow ?? '*'} s={s} />
            ))}
          </div>
        </>
      )}
    </Panel>
  );
}
