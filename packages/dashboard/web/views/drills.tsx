/**
 * Rollback drills (R8.1): where each workflow stands (last passing drill, schedule, due), the
 * drills as a list, and one drill with its steps and times — each at its own address.
 */
import type { JSX } from 'preact';
import { get, post, seg } from '../api.js';
import type { Drill, DrillCheck, DrillStanding } from '../api-types.js';
import { Badge, ErrorBox, Facts, Loading, Panel, ReasonAction, Scroll } from '../components.js';
import { duration, Time } from '../format.js';
import { anyChange, useLoad } from '../hooks.js';
import { href, navigate } from '../router.js';
import { canAct, useWho } from '../session.js';

/** The last passing drill and whether one is due, in a line. */
export function DrillStandingNote(props: { standing: DrillStanding | undefined }): JSX.Element {
  const s = props.standing;
  if (s === undefined) return <span class="muted">not wired</span>;
  const last = s.lastPassed;
  return (
    <span>
      {last === null ? (
        'none passed'
      ) : (
        <>
          passed <Time iso={last.at} /> (<a href={href('drills', last.id)}>{last.id}</a>, level {last.level})
        </>
      )}{' '}
      {s.due ? <Badge state="due" label={`due (every ${s.every})`} /> : <span class="muted">· every {s.every}</span>}
    </span>
  );
}

/** Where a workflow stands with its drills, and (for its operators) a button that runs one. */
export function DrillStandingFacts(props: {
  standing: DrillStanding | undefined;
  workflow: string;
  environment: string;
}): JSX.Element {
  const who = useWho();
  const s = props.standing;
  const { workflow, environment } = props;
  return (
    <>
      <Facts
        items={[
          ['Last passing drill', <DrillStandingNote standing={s} />],
          ['Schedule', s === undefined ? '—' : `at least every ${s.every}${s.enforced ? ' (enforced)' : ''}`],
          ['Run one', s === undefined ? '—' : <code>{s.command}</code>],
        ]}
      />
      {canAct(who, workflow, environment) && (
        <ReasonAction
          label={`Run a drill of ${workflow}`}
          run={(reason) => post(`/v1/workflows/${seg(workflow)}/environments/${seg(environment)}/drills`, { reason })}
          done={(d) => navigate(href('drills', (d as Drill).id))}
        />
      )}
    </>
  );
}

/** Drills as a table, newest first. */
export function DrillList(props: { drills: readonly Drill[] }): JSX.Element {
  if (props.drills.length === 0) return <p class="muted">No drills yet.</p>;
  return (
    <Scroll label="Drills">
      <table>
        <thead>
          <tr>
            <th scope="col">Drill</th>
            <th scope="col">Workflow</th>
            <th scope="col">Result</th>
            <th scope="col">Level</th>
            <th scope="col">Trigger</th>
            <th scope="col">Started</th>
            <th scope="col">Rollback took</th>
          </tr>
        </thead>
        <tbody>
          {props.drills.map((d) => (
            <tr key={d.id}>
              <th scope="row">
                <a href={href('drills', d.id)}>{d.id}</a>
              </th>
              <td>
                {d.workflow} ({d.environment})
              </td>
              <td>
                <Badge state={d.status} />
              </td>
              <td>{d.level}</td>
              <td>{d.trigger}</td>
              <td>
                <Time iso={d.startedAt} />
              </td>
              <td>{duration(d.rollbackMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function CheckList(props: { check: DrillCheck | null; none: string }): JSX.Element {
  const c = props.check;
  if (c === null) return <p class="muted">{props.none}</p>;
  return (
    <ul>
      {c.checks.map((x) => (
        <li key={x.what}>
          <Badge state={x.ok ? 'passing' : 'breached'} label={x.ok ? 'ok' : 'failed'} /> {x.what}: {x.detail}
        </li>
      ))}
      {c.failures.map((f) => (
        <li key={f} class="error">
          <span aria-hidden="true">✕ </span>
          {f}
        </li>
      ))}
    </ul>
  );
}

function DrillSteps(props: { drill: Drill }): JSX.Element {
  return (
    <Panel title="Steps" id="drill-steps">
      <Scroll label="Drill steps">
        <table>
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Step</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Took</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {props.drill.steps.map((s, n) => (
              <tr key={n}>
                <td>{s.phase}</td>
                <td>{s.text}</td>
                <td>
                  <Badge state={s.status} />
                </td>
                <td>
                  <Time iso={s.startedAt} timeOnly />
                </td>
                <td>{duration(s.ms)}</td>
                <td>{s.result ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </Panel>
  );
}

/** One drill: what it moved, its steps with their times, and both verifications. */
export function DrillView(props: { id: string }): JSX.Element {
  const page = useLoad(() => get<Drill>(`/v1/drills/${seg(props.id)}`), props.id, anyChange);
  const d = page.data;
  return (
    <main id="main">
      <h1>
        Drill {props.id} {d !== undefined && <Badge state={d.status} />}
      </h1>
      <ErrorBox error={page.error} />
      {d === undefined ? (
        page.error === undefined && <Loading />
      ) : (
        <>
          <Facts
            items={[
              ['Workflow', <a href={href('workflows', d.workflow)}>{`${d.workflow} (${d.environment})`}</a>],
              ['Level', d.level],
              ['Trigger', `${d.trigger}, by ${d.actor}: ${d.reason}`],
              ['Segment moved', d.segment],
              ['Rolled back', `${d.production ?? '—'} → ${d.target ?? '—'}, then restored`],
              ['Rollback took', duration(d.rollbackMs)],
              ['Run', d.runId === null ? '—' : <code>{d.runId}</code>],
              ['Started', <Time iso={d.startedAt} />],
              ['Finished', <Time iso={d.finishedAt} />],
            ]}
          />
          {d.failure !== null && (
            <p class="error">
              <span aria-hidden="true">✕ </span>
              {d.failure}
            </p>
          )}
          <DrillSteps drill={d} />
          <Panel title="Verification of the rollback" id="drill-verification">
            <CheckList check={d.verification} none="Not verified." />
          </Panel>
          <Panel title="Verification of the restore" id="drill-restore">
            <CheckList check={d.restoreVerification} none="Not verified." />
          </Panel>
        </>
      )}
    </main>
  );
}
