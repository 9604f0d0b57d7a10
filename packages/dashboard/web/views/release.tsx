/** A release, live: stages and bake, gates with their charts, decisions and evidence, the rollback it would run, actions. */
import type { JSX } from 'preact';
import { ApiError, get, post, seg } from '../api.js';
import type {
  GateHistory,
  Incident,
  ReleaseDetail,
  ReleaseGates,
  RollbackAuthority,
  RollbackRun,
} from '../api-types.js';
import { Badge, ErrorBox, EventsTable, Json, Loading, Panel, ReasonAction } from '../components.js';
import { duration, Time } from '../format.js';
import { useLoad } from '../hooks.js';
import { isActive, levelNumber, releaseState, type ReleaseState } from '../release-state.js';
import { href } from '../router.js';
import { canAct, useWho } from '../session.js';
import { GatesPanel } from './gates-panel.js';
import { PendingPanel, RollbackPanel } from './rollback-panel.js';

interface Page {
  detail: ReleaseDetail;
  gates: ReleaseGates | null;
  history: GateHistory | undefined;
  authority: RollbackAuthority | undefined;
  runs: RollbackRun[];
  incidents: Incident[];
}

const orNull = <T,>(p: Promise<T>): Promise<T | null> =>
  p.catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });

async function loadPage(id: string): Promise<Page> {
  const base = `/v1/releases/${seg(id)}`;
  const detail = await get<ReleaseDetail>(base);
  const state = releaseState(detail.release);
  const level = state.pending === null ? null : levelNumber(state.pending.level);
  const [gates, history, authority, runs, incidents] = await Promise.all([
    orNull(get<ReleaseGates>(`${base}/gates`)),
    get<GateHistory>(`${base}/gates/history`),
    isActive(detail.release)
      ? get<RollbackAuthority>(`${base}/rollback-authority${level === null ? '' : `?level=${level}`}`).catch(
          () => undefined,
        )
      : Promise.resolve(undefined),
    get<{ runs: RollbackRun[] }>(`/v1/rollbacks?release=${seg(id)}`),
    get<{ incidents: Incident[] }>('/v1/incidents'),
  ]);
  return {
    detail,
    gates,
    history,
    authority,
    runs: runs.runs,
    incidents: incidents.incidents.filter((i) => i.releaseId === id),
  };
}

function Stages(props: { page: Page; state: ReleaseState }): JSX.Element {
  const { release } = props.page.detail;
  const { state } = props;
  const now = Date.parse(props.page.gates?.evaluatedAt ?? '') || Date.now();
  const start = Date.parse(state.stageStartedAt ?? '');
  const end = Date.parse(state.bakeEndsAt ?? '');
  const baking = Number.isFinite(start) && Number.isFinite(end) && end > start;
  const share = baking ? Math.min(1, Math.max(0, (now - start) / (end - start))) : 0;
  return (
    <Panel title="Stages" id="stages">
      <ol class="stages">
        {release.spec.plan.map((s, i) => {
          const kind = Object.keys(s)[0] ?? 'stage';
          const where = i < release.stage ? 'done' : i === release.stage ? 'current' : 'later';
          return (
            <li key={i} class={`stage stage-${where}`} aria-current={where === 'current' ? 'step' : undefined}>
              <strong>{kind}</strong> {s.canary ? `${s.canary.percent} % of traffic, bake ${s.canary.bake ?? '—'}` : ''}
              <span class="muted"> ({where === 'current' ? 'now' : where})</span>
            </li>
          );
        })}
      </ol>
      {baking && release.status === 'running' && (
        <div>
          <label for="bake">
            Bake of stage {release.stage + 1}: {duration(now - start)} of {duration(end - start)} (ends{' '}
            <Time iso={state.bakeEndsAt} />)
          </label>
          <progress id="bake" max={1} value={share}>
            {Math.round(share * 100)} %
          </progress>
        </div>
      )}
      {state.pauseReason !== null && release.status === 'paused' && <p>Paused: {state.pauseReason}</p>}
    </Panel>
  );
}

function Actions(props: { page: Page; reload: () => void }): JSX.Element | null {
  const who = useWho();
  const { release } = props.page.detail;
  if (!isActive(release)) return null;
  if (!canAct(who, release.workflow, release.environment))
    return <p class="muted">Read-only: your token ({who.role}) sees this release and cannot act on it.</p>;
  const act = (action: string) => (reason: string) => post(`/v1/releases/${seg(release.id)}/${action}`, { reason });
  return (
    <div class="row actions" role="group" aria-label="Release actions">
      {release.status === 'running' && <ReasonAction label="Pause" run={act('pause')} done={props.reload} />}
      {release.status === 'paused' && <ReasonAction label="Resume" run={act('resume')} done={props.reload} />}
      <ReasonAction label="Promote" run={act('promote')} done={props.reload} />
      <ReasonAction label="Abort" danger run={act('abort')} done={props.reload} />
    </div>
  );
}

function Decisions(props: { page: Page }): JSX.Element {
  const list = [...props.page.detail.decisions].reverse();
  return (
    <Panel title="Decisions and their evidence" id="decisions">
      {list.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <ol class="decisions" reversed>
          {list.map((d) => (
            <li key={d.id}>
              <Badge
                state={d.kind === 'rollback-now' ? 'breached' : d.kind === 'continue' ? 'passing' : 'inconclusive'}
                label={d.kind}
              />{' '}
              <Time iso={d.at} /> by {d.actor}: {d.reasoning}
              <details>
                <summary>Evidence</summary>
                <Json value={d.evidence} />
              </details>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

/** One line of a timeline entry's details. */
function summaryOf(details: Record<string, unknown>): string {
  for (const key of ['summary', 'reason', 'reasoning']) if (typeof details[key] === 'string') return details[key];
  return '';
}

function Timeline(props: { page: Page }): JSX.Element {
  const events = [...props.page.detail.timeline].reverse().map((e) => ({ ...e, summary: summaryOf(e.details) }));
  return (
    <Panel title="Timeline" id="timeline">
      <EventsTable label="Timeline" events={events} />
    </Panel>
  );
}

function Runs(props: { page: Page }): JSX.Element {
  const { runs, incidents } = props.page;
  return (
    <Panel title="Rollback runs and incidents" id="runs">
      {runs.length === 0 && incidents.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul>
          {runs.map((r) => (
            <li key={r.id}>
              Run <a href={href('rollbacks', r.id)}>{r.id}</a> <Badge state={r.status} /> {r.level}, by {r.actor},{' '}
              <Time iso={r.createdAt} />
            </li>
          ))}
          {incidents.map((i) => (
            <li key={i.id}>
              Incident <a href={href('incidents', i.id)}>{i.id}</a> <Badge state={i.status} />
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** The release page. */
export function ReleaseView(props: { id: string }): JSX.Element {
  const page = useLoad(
    () => loadPage(props.id),
    props.id,
    (c) => c.releaseId === props.id || c.id === props.id || c.kind === 'incident',
  );
  const p = page.data;
  if (p === undefined)
    return (
      <main id="main">
        <h1>Release</h1>
        <ErrorBox error={page.error} />
        {page.error === undefined && <Loading />}
      </main>
    );
  const { release } = p.detail;
  const state = releaseState(release);
  return (
    <main id="main">
      <h1>
        {release.name} <Badge state={release.status} />
      </h1>
      <p>
        <a href={href('workflows', release.workflow)}>{release.workflow}</a> in {release.environment}: control{' '}
        <a href={href('workflows', release.workflow, 'bundles', release.spec.control)}>{release.spec.control}</a> →
        candidate{' '}
        <a href={href('workflows', release.workflow, 'bundles', release.spec.candidate)}>{release.spec.candidate}</a> (
        <a
          href={`${href('workflows', release.workflow, 'bundles')}?from=${encodeURIComponent(release.spec.control)}&to=${encodeURIComponent(release.spec.candidate)}`}
        >
          what changes
        </a>
        ). Started <Time iso={release.startedAt} />
        {release.finishedAt === null ? '' : '; finished '}
        {release.finishedAt !== null && <Time iso={release.finishedAt} />}.
      </p>
      <ErrorBox error={page.error} />
      <Actions page={p} reload={page.reload} />
      {state.pending !== null && (
        <PendingPanel release={release} pending={state.pending} authority={p.authority} done={page.reload} />
      )}
      <Stages page={p} state={state} />
      <GatesPanel release={release} gates={p.gates} history={p.history} done={page.reload} />
      {isActive(release) && state.pending === null && (
        <RollbackPanel release={release} authority={p.authority} done={page.reload} />
      )}
      <Runs page={p} />
      <Decisions page={p} />
      <Timeline page={p} />
    </main>
  );
}
