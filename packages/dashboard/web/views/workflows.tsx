/** Workflows: per environment what production serves, readiness, the active release, open incidents (R2.3, R7). */
import type { JSX } from 'preact';
import { get, seg } from '../api.js';
import type { Incident, Label, WorkflowReadiness, Release, Workflow } from '../api-types.js';
import { Badge, ErrorBox, Facts, Loading, Panel, Scroll } from '../components.js';
import { Time } from '../format.js';
import { anyChange, useLoad } from '../hooks.js';
import { href } from '../router.js';
import { isActive } from '../release-state.js';
import { DrillStandingNote } from './drills.js';
import { runbookHref } from './runbook.js';

/** One workflow's row of the overview. */
interface Row {
  workflow: Workflow;
  labels: Label[];
  readiness: Record<string, WorkflowReadiness | Error>;
  releases: Release[];
  incidents: Incident[];
}

const open = (i: Incident) => i.status !== 'closed';

/** The environments a workflow serves in (from its labels; `production` when it has none yet). */
function environments(labels: readonly Label[]): string[] {
  const envs = [...new Set(labels.map((l) => l.environment))];
  return envs.length > 0 ? envs : ['production'];
}

async function loadRows(only?: string): Promise<Row[]> {
  const [{ workflows }, { releases }, { incidents }] = await Promise.all([
    get<{ workflows: Workflow[] }>('/v1/workflows'),
    get<{ releases: Release[] }>('/v1/releases'),
    get<{ incidents: Incident[] }>('/v1/incidents'),
  ]);
  const chosen = only === undefined ? workflows : workflows.filter((w) => w.name === only);
  return Promise.all(
    chosen.map(async (workflow) => {
      const { labels } = await get<{ labels: Label[] }>(`/v1/workflows/${seg(workflow.name)}/labels`);
      const readiness: Row['readiness'] = {};
      for (const env of environments(labels)) {
        readiness[env] = await get<WorkflowReadiness>(
          `/v1/workflows/${seg(workflow.name)}/environments/${seg(env)}/readiness`,
        ).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      }
      const mine = releases.filter((r) => r.workflow === workflow.name);
      const ids = new Set(mine.map((r) => r.id));
      return { workflow, labels, readiness, releases: mine, incidents: incidents.filter((i) => ids.has(i.releaseId)) };
    }),
  );
}

function estimate(r: WorkflowReadiness | Error | undefined): string {
  if (r === undefined) return '—';
  if (r instanceof Error) return r.message;
  const plan = r.plan;
  return plan?.estimate?.text ?? (r.ready ? 'ready' : `blocked: ${r.blockers.join('; ')}`);
}

/** The last passing drill and whether one is due (R8.1, from readiness). */
function drill(r: WorkflowReadiness | Error | undefined): JSX.Element {
  return <DrillStandingNote standing={r === undefined || r instanceof Error ? undefined : r.drills} />;
}

function Serving(props: { row: Row; env: string }): JSX.Element {
  const label = props.row.labels.find((l) => l.environment === props.env && l.label === 'production');
  if (label === undefined) return <span class="muted">nothing yet</span>;
  return (
    <span>
      <a href={href('workflows', props.row.workflow.name, 'bundles', label.bundleVersion)}>{label.bundleVersion}</a>{' '}
      <span class="muted">
        since <Time iso={label.updatedAt} />, by {label.updatedBy}
      </span>
    </span>
  );
}

/** The overview of every workflow the token may see. */
export function WorkflowsView(): JSX.Element {
  const rows = useLoad(() => loadRows(), 'workflows', anyChange);
  return (
    <main id="main">
      <h1>Workflows</h1>
      <ErrorBox error={rows.error} />
      {rows.data === undefined ? (
        <Loading />
      ) : rows.data.length === 0 ? (
        <p>No workflows yet: `ripcord apply -f examples/support-summary.yaml` registers one.</p>
      ) : (
        <Scroll label="Workflows">
          <table>
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col">Environment</th>
                <th scope="col">Production serves</th>
                <th scope="col">A rollback now</th>
                <th scope="col">Last drill</th>
                <th scope="col">Active release</th>
                <th scope="col">Open incidents</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.flatMap((row) =>
                environments(row.labels).map((env) => {
                  const active = row.releases.find((r) => isActive(r) && r.environment === env);
                  const incidents = row.incidents.filter(open);
                  return (
                    <tr key={`${row.workflow.name}/${env}`}>
                      <th scope="row">
                        <a href={href('workflows', row.workflow.name)}>{row.workflow.name}</a>
                      </th>
                      <td>{env}</td>
                      <td>
                        <Serving row={row} env={env} />
                      </td>
                      <td>{estimate(row.readiness[env])}</td>
                      <td>{drill(row.readiness[env])}</td>
                      <td>
                        {active === undefined ? (
                          <span class="muted">none</span>
                        ) : (
                          <a href={href('releases', active.id)}>
                            {active.name} <Badge state={active.status} />
                          </a>
                        )}
                      </td>
                      <td>
                        {incidents.length === 0 ? (
                          <span class="muted">none</span>
                        ) : (
                          incidents.map((i) => (
                            <a key={i.id} href={href('incidents', i.id)}>
                              {i.id} <Badge state={i.status} />
                            </a>
                          ))
                        )}
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </Scroll>
      )}
    </main>
  );
}

/** One workflow: owners, what each environment serves, readiness, its releases and incidents. */
export function WorkflowView(props: { workflow: string }): JSX.Element {
  const rows = useLoad(
    () => loadRows(props.workflow),
    props.workflow,
    (c) => c.workflow === null || c.workflow === props.workflow,
  );
  const row = rows.data?.[0];
  return (
    <main id="main">
      <h1>{props.workflow}</h1>
      <ErrorBox error={rows.error} />
      {rows.data !== undefined && row === undefined && (
        <p>No workflow {props.workflow} (or not in your token's scope).</p>
      )}
      {row === undefined ? (
        rows.data === undefined && <Loading />
      ) : (
        <>
          <p>{row.workflow.spec.description}</p>
          <p>
            <a href={href('workflows', props.workflow, 'bundles')}>Bundles, labels and diffs</a> ·{' '}
            {environments(row.labels).map((env) => (
              <a key={env} href={runbookHref(props.workflow, env)}>
                Runbook and decision matrix ({env}){' '}
              </a>
            ))}
          </p>
          <Panel title="Owners">
            <Facts
              items={[
                ['Criticality', row.workflow.spec.criticality ?? '—'],
                ['Type', row.workflow.spec.type ?? '—'],
                ...Object.entries(row.workflow.spec.owners ?? {}).map(([role, who]): [string, string] => [
                  role,
                  Array.isArray(who) ? who.join(', ') : (who ?? '—'),
                ]),
              ]}
            />
          </Panel>
          {environments(row.labels).map((env) => (
            <ReadinessPanel key={env} row={row} env={env} />
          ))}
          <Panel title="Releases">
            <ReleaseList releases={row.releases} />
          </Panel>
          <Panel title="Incidents">
            {row.incidents.length === 0 ? (
              <p class="muted">None.</p>
            ) : (
              <ul>
                {row.incidents.map((i) => (
                  <li key={i.id}>
                    <a href={href('incidents', i.id)}>{i.id}</a> <Badge state={i.status} /> opened{' '}
                    <Time iso={i.openedAt} />
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </>
      )}
    </main>
  );
}

function ReadinessPanel(props: { row: Row; env: string }): JSX.Element {
  const r = props.row.readiness[props.env];
  return (
    <Panel title={`${props.env}: readiness (R2.3)`}>
      <Facts
        items={[
          ['Production serves', <Serving row={props.row} env={props.env} />],
          ['A rollback now would take', estimate(r)],
          ['Last drill', drill(r)],
          [
            'Ready',
            r === undefined || r instanceof Error ? (
              '—'
            ) : (
              <Badge state={r.ready ? 'passing' : 'breached'} label={r.ready ? 'ready' : 'blocked'} />
            ),
          ],
        ]}
      />
      {r !== undefined && !(r instanceof Error) && (
        <>
          {[...r.blockers.map((b) => `Blocker: ${b}`), ...r.warnings.map((w) => `Warning: ${w}`)].map((t) => (
            <p key={t}>{t}</p>
          ))}
          {(r.checks ?? []).length > 0 && (
            <ul>
              {(r.checks ?? []).map((c) => (
                <li key={`${c.component}${c.url ?? ''}`}>
                  <Badge state={c.ok ? 'passing' : 'breached'} label={c.ok ? 'answers' : 'fails'} /> {c.component}:{' '}
                  {c.detail}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}

/** Releases as a table (newest first, as the API gives them). */
export function ReleaseList(props: { releases: readonly Release[] }): JSX.Element {
  if (props.releases.length === 0) return <p class="muted">None.</p>;
  return (
    <Scroll label="Releases">
      <table>
        <thead>
          <tr>
            <th scope="col">Release</th>
            <th scope="col">Workflow</th>
            <th scope="col">Status</th>
            <th scope="col">Control → candidate</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {props.releases.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <a href={href('releases', r.id)}>{r.name}</a>
              </th>
              <td>
                {r.workflow} ({r.environment})
              </td>
              <td>
                <Badge state={r.status} />
              </td>
              <td>
                {r.spec.control} → {r.spec.candidate}
              </td>
              <td>
                <Time iso={r.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
