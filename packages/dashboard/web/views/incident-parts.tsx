/** Parts of the incident page: its measures (R8.2) and the evidence its decision kept (samples). */
import type { JSX } from 'preact';
import type { IncidentDetail, ReleaseDetail } from '../api-types.js';
import { Badge, Facts, Json, Panel, Scroll } from '../components.js';
import { duration, Time } from '../format.js';

/** MTTD, MTTR, level, first try and blast radius (R8.2). */
export function MeasuresPanel(props: { detail: IncidentDetail }): JSX.Element {
  const d = props.detail;
  const i = d.incident;
  return (
    <Panel title="Measures (R8.2)">
      <Facts
        items={[
          ['MTTD', duration(d.metrics.mttdMs)],
          ['MTTR', duration(d.metrics.mttrMs)],
          ['Level', d.metrics.level ?? '—'],
          ['Rolled back on the first try', d.metrics.firstTry === null ? '—' : d.metrics.firstTry ? 'yes' : 'no'],
          [
            'Blast radius',
            i.blastRadius === null
              ? '—'
              : `${i.blastRadius.requests ?? 0} requests, ${i.blastRadius.distinctKeys ?? 0} distinct keys on the bad version`,
          ],
        ]}
      />
    </Panel>
  );
}

type GateEvidence = NonNullable<IncidentDetail['evidence']>['gates'][number];
type Kept = NonNullable<GateEvidence['kept']>['candidate'][number];

function keptNote(s: Kept): string {
  const parts = [
    s.errorKind,
    s.parserError,
    s.costUsd === undefined ? undefined : `$${s.costUsd}`,
    s.reviewer,
    s.notes,
  ];
  return parts.filter((p) => p !== undefined && p !== '').join(' · ');
}

function Samples(props: { g: GateEvidence }): JSX.Element | null {
  const { g } = props;
  const rows = [
    ...(g.kept?.candidate ?? []).map((s) => ['candidate', s] as const),
    ...(g.kept?.control ?? []).map((s) => ['control', s] as const),
  ];
  if (rows.length === 0 && g.sampleIds.length === 0) return null;
  return (
    <>
      {g.sampleIds.length > 0 && <p class="wrap">Counted samples: {g.sampleIds.join(', ')}</p>}
      {rows.length > 0 && (
        <Scroll label={`Samples of ${g.gate}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Arm</th>
                <th scope="col">Event</th>
                <th scope="col">At</th>
                <th scope="col">Trace</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([arm, s]) => (
                <tr key={`${arm}${s.id}`}>
                  <td>{arm}</td>
                  <td>{s.id}</td>
                  <td>
                    <Time iso={s.at} timeOnly />
                  </td>
                  <td>{s.traceId ?? '—'}</td>
                  <td>{keptNote(s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
}

/** The decision that asked for the rollback, its gates and the samples they kept (frozen with it). */
export function EvidencePanel(props: { detail: IncidentDetail; release: ReleaseDetail }): JSX.Element {
  const e = props.detail.evidence;
  if (e === null) {
    const decisions = props.release.decisions.filter((x) => x.kind === 'rollback-now' || x.kind === 'investigate');
    return (
      <Panel title="Evidence">
        {decisions.length === 0 ? (
          <p class="muted">No decision evidence recorded.</p>
        ) : (
          <Json value={decisions.map((x) => x.evidence)} />
        )}
      </Panel>
    );
  }
  return (
    <Panel title="Evidence">
      <p>
        {e.kind} at <Time iso={e.at} />: {e.reasoning}
      </p>
      {e.gates.map((g) => (
        <section key={g.gate} class="subpanel" aria-label={`Evidence of ${g.gate}`}>
          <h3>
            <Badge state={g.state} /> {g.gate}
          </h3>
          {g.sentence !== null && <p>{g.sentence}</p>}
          {g.unmatched > 0 && <p class="muted">{g.unmatched} samples could not be matched to events.</p>}
          <Samples g={g} />
        </section>
      ))}
    </Panel>
  );
}
