/** A rollback run (R7.1): its steps with progress (level 3/4 jobs), actuator calls, and the verification that followed. */
import type { JSX } from 'preact';
import { get, seg } from '../api.js';
import type { Incident, RollbackRun } from '../api-types.js';
import { Badge, ErrorBox, Facts, Json, Loading, Panel, Scroll } from '../components.js';
import { Time } from '../format.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';
import { VerificationFacts } from './incidents.js';

async function loadRun(id: string): Promise<{ run: RollbackRun; incident: Incident | undefined }> {
  const { run } = await get<{ run: RollbackRun }>(`/v1/rollbacks/${seg(id)}`);
  const { incidents } = await get<{ incidents: Incident[] }>('/v1/incidents');
  return { run, incident: incidents.find((i) => i.runId === id) };
}

function Progress(props: { value: number | null | undefined; label: string }): JSX.Element | null {
  if (props.value === null || props.value === undefined) return null;
  return (
    <progress max={1} value={props.value} aria-label={props.label}>
      {Math.round(props.value * 100)} %
    </progress>
  );
}

/** The run page. */
export function RunView(props: { id: string }): JSX.Element {
  const page = useLoad(
    () => loadRun(props.id),
    props.id,
    (c) => c.id === props.id || c.kind === 'incident' || c.kind === 'run',
  );
  const run = page.data?.run;
  const incident = page.data?.incident;
  return (
    <main id="main">
      <h1>
        Rollback run {props.id} {run !== undefined && <Badge state={run.status} />}
      </h1>
      <ErrorBox error={page.error} />
      {run === undefined ? (
        page.error === undefined && <Loading />
      ) : (
        <>
          <Facts
            items={[
              ['Release', <a href={href('releases', run.releaseId)}>{run.releaseId}</a>],
              ['Level', run.level],
              ['Asked for by', run.actor],
              ['Why', run.reason],
              ['Started', <Time iso={run.createdAt} />],
              ['Finished', <Time iso={run.finishedAt} />],
            ]}
          />
          <StepsPanel run={run} />
          <Panel title="Verification (R7.2)">
            {incident === undefined ? (
              <p class="muted">No incident record for this run yet.</p>
            ) : (
              <>
                <p>
                  Incident <a href={href('incidents', incident.id)}>{incident.id}</a> <Badge state={incident.status} />
                </p>
                <VerificationFacts incident={incident} />
              </>
            )}
          </Panel>
        </>
      )}
    </main>
  );
}

/** A run's steps with their jobs, results and actuator calls. */
function StepsPanel(props: { run: RollbackRun }): JSX.Element {
  const run = props.run;
  return (
    <Panel title="Steps">
      <Scroll label="Steps">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Step</th>
              <th scope="col">Status</th>
              <th scope="col">Result</th>
              <th scope="col">Actuator calls</th>
            </tr>
          </thead>
          <tbody>
            {run.steps.map((s) => (
              <tr key={s.index}>
                <td>{s.index + 1}</td>
                <td>
                  {s.text}
                  {s.job && (
                    <div>
                      Job <Badge state={s.job.status} />{' '}
                      <Progress value={s.job.progress} label={`Progress of step ${s.index + 1}`} />{' '}
                      {s.job.message ?? ''}
                    </div>
                  )}
                </td>
                <td>
                  <Badge state={s.status} />
                </td>
                <td>
                  {s.error ??
                    (typeof s.result === 'string' ? s.result : s.result === undefined ? '' : <Json value={s.result} />)}
                </td>
                <td>{s.calls === undefined || Object.keys(s.calls).length === 0 ? '—' : <Json value={s.calls} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </Panel>
  );
}
