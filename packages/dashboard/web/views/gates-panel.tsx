/** Every gate of a release: state (icon and word), its sentence, its chart, and the manual override both ways (R4.5). */
import type { JSX } from 'preact';
import { post, seg } from '../api.js';
import type { GateEvaluation, GateHistory, Release, ReleaseGates } from '../api-types.js';
import { Badge, Panel, ReasonAction } from '../components.js';
import { Time } from '../format.js';
import { canAct, useWho } from '../session.js';
import { GateChart } from './gate-chart.js';

/** The anchor of a gate on its release's page: `/ui/releases/<id>#gate-<name>`. */
export const gateAnchor = (gate: string): string => `gate-${gate}`;

function Overrides(props: { release: Release; gate: GateEvaluation; done: () => void }): JSX.Element {
  const { release, gate } = props;
  const path = `/v1/releases/${seg(release.id)}/gates/${seg(gate.gate)}/override`;
  const force = (f: 'breach' | 'pass' | 'clear') => (reason: string) => post(path, { force: f, reason });
  return (
    <div class="row">
      {gate.override === null ? (
        <>
          <ReasonAction label="Force breached" danger run={force('breach')} done={props.done} />
          <ReasonAction label="Force passing" run={force('pass')} done={props.done} />
        </>
      ) : (
        <ReasonAction label="Clear override" run={force('clear')} done={props.done} />
      )}
    </div>
  );
}

function GateCard(props: {
  release: Release;
  gate: GateEvaluation;
  history: GateHistory | undefined;
  live: boolean;
  done: () => void;
}): JSX.Element {
  const { gate, release } = props;
  const who = useWho();
  return (
    <article
      class={`gate gate-${gate.state}`}
      id={gateAnchor(gate.gate)}
      aria-labelledby={`${gateAnchor(gate.gate)}-h`}
    >
      <div class="gate-head">
        <h3 id={`${gateAnchor(gate.gate)}-h`}>
          <a href={`#${gateAnchor(gate.gate)}`}>{gate.gate}</a>
        </h3>
        <Badge state={gate.state} />
        <span class="muted">
          {gate.metric} · {gate.severity}
          {gate.criticality === null ? '' : ` · ${gate.criticality}`} · {gate.window}
        </span>
      </div>
      <p class="sentence">{gate.sentence}</p>
      {gate.override !== null && (
        <p>
          <strong>Overridden:</strong> forced {gate.override.force} by {gate.override.actor} (
          <Time iso={gate.override.at} />
          ): {gate.override.reason}. The data says {gate.computedState}.
        </p>
      )}
      {gate.evidence !== null && gate.evidence !== undefined && gate.evidence.samples.length > 0 && (
        <p>
          Evidence samples: {gate.evidence.samples.join(', ')}
          {gate.evidence.unmatched > 0 ? ` (${gate.evidence.unmatched} unmatched)` : ''}
        </p>
      )}
      {props.history !== undefined && <GateChart history={props.history} gate={gate.gate} />}
      {props.live && canAct(who, release.workflow, release.environment) && (
        <Overrides release={release} gate={gate} done={props.done} />
      )}
    </article>
  );
}

/** The gates of a release, breached first. */
export function GatesPanel(props: {
  release: Release;
  gates: ReleaseGates | null;
  history: GateHistory | undefined;
  done: () => void;
}): JSX.Element {
  const { gates } = props;
  if (gates === null)
    return (
      <Panel title="Gates" id="gates">
        <p class="muted">No gate state yet: the gates start with the release.</p>
      </Panel>
    );
  const order: Record<string, number> = { breached: 0, 'shared-cause': 1, inconclusive: 2, passing: 3 };
  const sorted = [...gates.gates].sort((a, b) => (order[a.state] ?? 1.5) - (order[b.state] ?? 1.5));
  const counts = Object.entries(gates.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return (
    <Panel title="Gates" id="gates">
      <p>
        {counts}. Evaluated <Time iso={gates.evaluatedAt} />
        {gates.live ? '' : ' (from the last stored state: the release is not running)'}; false-rollback budget α ={' '}
        {gates.alpha}.
      </p>
      <div class="gates">
        {sorted.map((g) => (
          <GateCard
            key={g.gate}
            release={props.release}
            gate={g}
            history={props.history}
            live={gates.live}
            done={props.done}
          />
        ))}
      </div>
    </Panel>
  );
}
