/** Incidents (R7.1, R8.2): the procedure from detection to review, MTTD/MTTR, blast radius, verification, evidence. */
import type { JSX } from 'preact';
import { get, post, seg } from '../api.js';
import type { Incident, IncidentDetail, ReleaseDetail } from '../api-types.js';
import { useState } from 'preact/hooks';
import { Badge, ErrorBox, EventsTable, Facts, Json, Loading, Panel, Scroll } from '../components.js';
import { duration, Time } from '../format.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';
import { canAct, useWho } from '../session.js';

/** The list of incidents the token may see. */
export function IncidentsView(): JSX.Element {
  const list = useLoad(
    () => get<{ incidents: Incident[] }>('/v1/incidents'),
    'incidents',
    (c) => c.kind === 'incident',
  );
  return (
    <main id="main">
      <h1>Incidents</h1>
      <ErrorBox error={list.error} />
      {list.data === undefined ? (
        <Loading />
      ) : list.data.incidents.length === 0 ? (
        <p>No incidents.</p>
      ) : (
        <Scroll label="Incidents">
          <table>
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Status</th>
                <th scope="col">Release</th>
                <th scope="col">Opened</th>
                <th scope="col">Blast radius</th>
              </tr>
            </thead>
            <tbody>
              {list.data.incidents.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <a href={href('incidents', i.id)}>{i.id}</a>
                  </th>
                  <td>
                    <Badge state={i.status} />
                  </td>
                  <td>
                    <a href={href('releases', i.releaseId)}>{i.releaseId}</a>
                  </td>
                  <td>
                    <Time iso={i.openedAt} />
                  </td>
                  <td>{i.blastRadius?.requests ?? '—'} requests</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </main>
  );
}

/** Verification's gates and health checks, in words. */
export function VerificationFacts(props: { incident: Incident }): JSX.Element {
  const v = props.incident.verification;
  if (v === null) return <p class="muted">Not verified yet.</p>;
  return (
    <>
      <ul>
        {(v.gates ?? []).map((g) => (
          <li key={g.gate}>
            <Badge state={g.state} /> {g.gate}: {g.sentence}
          </li>
        ))}
        {(v.checks ?? []).map((c) => (
          <li key={`${c.component}${c.url ?? ''}`}>
            <Badge state={c.ok ? 'passing' : 'breached'} label={c.ok ? 'healthy' : 'failing'} /> {c.component}:{' '}
            {c.detail}
          </li>
        ))}
        {v.configServesControl !== undefined && (
          <li>
            <Badge
              state={v.configServesControl ? 'passing' : 'breached'}
              label={v.configServesControl ? 'yes' : 'no'}
            />{' '}
            the configuration serves the control bundle
          </li>
        )}
      </ul>
      {(v.failures ?? []).map((f) => (
        <p key={f} class="error">
          <span aria-hidden="true">✕ </span>
          {f}
        </p>
      ))}
    </>
  );
}

const phases: [keyof Incident['times'], string][] = [
  ['exposedAt', 'Exposure began'],
  ['detectedAt', 'Detected'],
  ['decidedAt', 'Decided'],
  ['restoredAt', 'Restored'],
  ['verifiedAt', 'Verified'],
  ['closedAt', 'Reviewed and closed'],
];

async function loadIncident(id: string): Promise<{ detail: IncidentDetail; release: ReleaseDetail }> {
  const detail = await get<IncidentDetail>(`/v1/incidents/${seg(id)}`);
  const release = await get<ReleaseDetail>(`/v1/releases/${seg(detail.incident.releaseId)}`);
  return { detail, release };
}

/** Customer messages (R7.4), when the incident record carries them. */
function CustomerMessages(props: { detail: IncidentDetail }): JSX.Element {
  const m = (props.detail as unknown as { customerMessages?: unknown }).customerMessages;
  if (!Array.isArray(m) || m.length === 0)
    return (
      <p class="muted">
        The incident record does not carry the customer message yet: the notification to the support owner has it.
      </p>
    );
  return <Json value={m} />;
}

function ReviewForm(props: { id: string; done: () => void }): JSX.Element {
  const [fields, setFields] = useState({ rootCause: '', remediation: '', prevention: '' });
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const labels: [keyof typeof fields, string][] = [
    ['rootCause', 'Root cause'],
    ['remediation', 'Remediation'],
    ['prevention', 'Prevention'],
  ];
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    post(`/v1/incidents/${seg(props.id)}/review`, fields).then(props.done, (err: unknown) => {
      setBusy(false);
      setError(err instanceof Error ? err : new Error(String(err)));
    });
  };
  return (
    <form class="reason-form" onSubmit={submit} aria-label="Post-incident review">
      {labels.map(([k, label]) => (
        <div key={k}>
          <label for={`review-${k}`}>{label}</label>
          <textarea
            id={`review-${k}`}
            required
            maxLength={5000}
            value={fields[k]}
            onInput={(e) => setFields({ ...fields, [k]: e.currentTarget.value })}
          />
        </div>
      ))}
      <button type="submit" class="primary" disabled={busy}>
        Record the review and close the incident
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

function Review(props: { incident: Incident; mayAct: boolean; done: () => void }): JSX.Element {
  const r = props.incident.review;
  if (r !== null)
    return (
      <Facts
        items={[
          ['Root cause', r.rootCause],
          ['Remediation', r.remediation],
          ['Prevention', r.prevention],
          ['By', r.by],
          ['At', <Time iso={r.at} />],
        ]}
      />
    );
  if (props.incident.status === 'verifying') return <p class="muted">The review opens once the restore is verified.</p>;
  if (!props.mayAct) return <p class="muted">Not reviewed yet.</p>;
  return <ReviewForm id={props.incident.id} done={props.done} />;
}

/** One incident. */
export function IncidentView(props: { id: string }): JSX.Element {
  const page = useLoad(
    () => loadIncident(props.id),
    props.id,
    (c) => c.id === props.id || c.kind === 'incident' || c.kind === 'release',
  );
  const who = useWho();
  const d = page.data?.detail;
  if (d === undefined)
    return (
      <main id="main">
        <h1>Incident {props.id}</h1>
        <ErrorBox error={page.error} />
        {page.error === undefined && <Loading />}
      </main>
    );
  const i = d.incident;
  const evidence = (page.data?.release.decisions ?? []).filter(
    (x) => x.kind === 'rollback-now' || x.kind === 'investigate',
  );
  return (
    <main id="main">
      <h1>
        Incident {i.id} <Badge state={i.status} />
      </h1>
      <p>
        <a href={href('releases', d.release.id)}>{d.release.name}</a> of{' '}
        <a href={href('workflows', d.release.workflow)}>{d.release.workflow}</a> ({d.release.environment}), rolled back
        by run <a href={href('rollbacks', i.runId)}>{i.runId}</a>.
      </p>
      <ErrorBox error={page.error} />
      <MeasuresPanel detail={d} />
      <Panel title="The procedure (R7.1)">
        <ol class="phases">
          {phases
            .filter(([k]) => i.times[k] !== undefined)
            .map(([k, label]) => (
              <li key={k}>
                {label}: <Time iso={i.times[k]} />
              </li>
            ))}
        </ol>
      </Panel>
      <Panel title="Verification (R7.2)">
        <VerificationFacts incident={i} />
      </Panel>
      <Panel title="Evidence">
        {evidence.length === 0 ? (
          <p class="muted">No decision evidence recorded.</p>
        ) : (
          evidence.map((x) => (
            <details key={x.id} open>
              <summary>
                {x.kind} at <Time iso={x.at} />: {x.reasoning}
              </summary>
              <Json value={x.evidence} />
            </details>
          ))
        )}
      </Panel>
      <Panel title="Customer message (R7.4)">
        <CustomerMessages detail={d} />
      </Panel>
      <Panel title="Timeline">
        <EventsTable label="Incident timeline" events={d.timeline} />
      </Panel>
      <Panel title="Post-incident review">
        <Review incident={i} mayAct={canAct(who, d.release.workflow, d.release.environment)} done={page.reload} />
      </Panel>
    </main>
  );
}

/** MTTD, MTTR, level, first try and blast radius (R8.2). */
function MeasuresPanel(props: { detail: IncidentDetail }): JSX.Element {
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
