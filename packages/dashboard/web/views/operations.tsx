/**
 * Operations (R3.4, R8): what exists today — the three operations a release must prove, and each
 * workflow's rollback estimate — and named places for what is being built (issue 16): effectiveness
 * metrics, drills, the runbook and decision matrix. Each slot below is where its view goes once the
 * API serves it; until then it says so.
 */
import type { JSX } from 'preact';
import { get, post, seg } from '../api.js';
import type { Label, WorkflowReadiness, Workflow } from '../api-types.js';
import { ErrorBox, Loading, Panel, ReasonAction } from '../components.js';
import { anyChange, useLoad } from '../hooks.js';
import { href } from '../router.js';
import { canAct, useWho } from '../session.js';

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
        <a href={href('workflows', workflow.name)}>WorkflowReadiness details</a>
      </p>
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

/** Slot: effectiveness metrics (R8.2) — MTTD, MTTR per level, first-try success, blast radius, drills. */
function EffectivenessSlot(): JSX.Element {
  return (
    <Panel title="Effectiveness metrics (R8.2)" id="effectiveness">
      <p class="muted">
        Not served by this server yet (being built: the operations issue). Each incident's page shows its own MTTD,
        MTTR, first-try result and blast radius: see <a href={href('incidents')}>Incidents</a>.
      </p>
    </Panel>
  );
}

/** Slot: drills (R8.1) — scheduled, chaos and post-deploy rollback tests with their results. */
function DrillsSlot(): JSX.Element {
  return (
    <Panel title="Drills (R8.1)" id="drills">
      <p class="muted">
        No drills are recorded yet (being built: the operations issue). WorkflowReadiness shows the last drill once one
        is.
      </p>
    </Panel>
  );
}

/** Slot: the generated runbook and decision matrix per workflow (R8.3). */
function RunbookSlot(): JSX.Element {
  return (
    <Panel title="Runbook and decision matrix (R8.3)" id="runbook">
      <p class="muted">
        Not generated yet (being built: the operations issue). Until then each release page lists its gates with their
        severity and the rollback they would run.
      </p>
    </Panel>
  );
}

/** The operations page. */
export function OperationsView(): JSX.Element {
  const rows = useLoad(loadRows, 'operations', anyChange);
  return (
    <main id="main">
      <h1>Operations</h1>
      <ErrorBox error={rows.error} />
      {rows.data === undefined
        ? rows.error === undefined && <Loading />
        : rows.data.map((row) => <WorkflowOperations key={`${row.workflow.name}/${row.environment}`} row={row} />)}
      <EffectivenessSlot />
      <DrillsSlot />
      <RunbookSlot />
    </main>
  );
}
