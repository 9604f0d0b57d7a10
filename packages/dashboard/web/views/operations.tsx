/**
 * Operations (R3.4, R8): effectiveness metrics over a period (R8.2); per workflow and environment
 * the rollback estimate, where its drills stand (R8.1), its runbook and decision matrix (R8.3) and
 * the three operations a release must prove (R3.4); the drills, newest first. Live, like the rest.
 */
import type { JSX } from 'preact';
import { get, post, seg } from '../api.js';
import type { Drill, Label, WorkflowReadiness, Workflow } from '../api-types.js';
import { ErrorBox, Loading, Panel, ReasonAction } from '../components.js';
import { anyChange, useLoad } from '../hooks.js';
import { href } from '../router.js';
import { canAct, useWho } from '../session.js';
import { DrillList, DrillStandingFacts } from './drills.js';
import { EffectivenessPanel } from './effectiveness.js';
import { runbookHref } from './runbook.js';

const operations: [string, string][] = [
  ['restore-route', 'Restore the previous model and prompt route'],
  ['disable-tools', 'Disable tool execution (read-only answers keep working)'],
  ['human-review', 'Move automatic actions to human review'],
];

interface Row {
  workflow: Workflow;
  environment: string;
  readiness: WorkflowReadiness | Error;
}

async function loadPage(): Promise<{ rows: Row[]; drills: Drill[] }> {
  const [rows, { drills }] = await Promise.all([loadRows(), get<{ drills: Drill[] }>('/v1/drills')]);
  return { rows, drills };
}

async function loadRows(): Promise<Row[]> {
  const { workflows } = await get<{ workflows: Workflow[] }>('/v1/workflows');
  const rows: Row[] = [];
  for (const workflow of workflows) {
    const { labels } = await get<{ labels: Label[] }>(`/v1/workflows/${seg(workflow.name)}/labels`);
    const envs = [...new Set(labels.map((l) => l.environment))];
    for (const environment of envs.length > 0 ? envs : ['production']) {
      const readiness = await get<WorkflowReadiness>(
        `/v1/workflows/${seg(workflow.name)}/environments/${seg(environment)}/readiness`,
      ).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      rows.push({ workflow, environment, readiness });
    }
  }
  return rows;
}

function WorkflowOperations(props: { row: Row }): JSX.Element {
  const who = useWho();
  const { workflow, environment, readiness } = props.row;
  const plan = readiness instanceof Error ? null : readiness.plan;
  const base = `/v1/workflows/${seg(workflow.name)}/environments/${seg(environment)}/operations`;
  return (
    <Panel title={`${workflow.name} (${environment})`} id={`ops-${workflow.name}-${environment}`}>
      <p>
        A rollback now: {readiness instanceof Error ? readiness.message : (plan?.estimate?.text ?? 'no rollback path')}.{' '}
        <a href={href('workflows', workflow.name)}>Readiness details</a> ·{' '}
        <a href={runbookHref(workflow.name, environment)}>Runbook and decision matrix (R8.3)</a>
      </p>
      <h3>Drills (R8.1)</h3>
      <DrillStandingFacts
        standing={readiness instanceof Error ? undefined : readiness.drills}
        workflow={workflow.name}
        environment={environment}
      />
      <h3>The three operations a release must prove (R3.4)</h3>
      {canAct(who, workflow.name, environment) ? (
        <ul class="ops">
          {operations.map(([op, text]) => (
            <li key={op}>
              {text}: <ReasonAction label={`Run ${op}`} run={(reason) => post(`${base}/${op}`, { reason })} />
            </li>
          ))}
        </ul>
      ) : (
        <ul>
          {operations.map(([op, text]) => (
            <li key={op}>
              {text} (<code>ripcord ops {op}</code>)
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** The operations page. */
export function OperationsView(props: { since: string | null }): JSX.Element {
  const page = useLoad(loadPage, 'operations', anyChange);
  return (
    <main id="main">
      <h1>Operations</h1>
      <EffectivenessPanel since={props.since} />
      <ErrorBox error={page.error} />
      {page.data === undefined ? (
        page.error === undefined && <Loading />
      ) : (
        <>
          {page.data.rows.map((row) => (
            <WorkflowOperations key={`${row.workflow.name}/${row.environment}`} row={row} />
          ))}
          <Panel title="Drills (R8.1)" id="drills">
            <DrillList drills={page.data.drills} />
          </Panel>
        </>
      )}
    </main>
  );
}
