/**
 * Incidents (R7.1, R7.4, R8.2): the procedure from detection to review, MTTD/MTTR, blast radius,
 * verification, the evidence and its samples, the customer message.
 */
import type { JSX } from 'preact';
import { get, post, seg } from '../api.js';
import type { Incident, IncidentCustomerMessage, IncidentDetail, ReleaseDetail } from '../api-types.js';
import { useState } from 'preact/hooks';
import { Badge, ErrorBox, EventsTable, Facts, Loading, Panel, Scroll } from '../components.js';
import { Time } from '../format.js';
import { CustomerMessagePanel } from './customer-message.js';
import { EvidencePanel, MeasuresPanel } from './incident-parts.js';
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

interface IncidentPage {
  detail: IncidentDetail;
  release: ReleaseDetail;
  message: IncidentCustomerMessage;
}

async function loadIncident(id: string): Promise<IncidentPage> {
  const [detail, message] = await Promise.all([
    get<IncidentDetail>(`/v1/incidents/${seg(id)}`),
    get<IncidentCustomerMessage>(`/v1/incidents/${seg(id)}/customer-message`),
  ]);
  const release = await get<ReleaseDetail>(`/v1/releases/${seg(detail.incident.releaseId)}`);
  return { detail, release, message };
}

/** The procedure's steps that happened, in order (R7.1); communication is the first message sent. */
function Procedure(props: { incident: Incident; message: IncidentCustomerMessage }): JSX.Element {
  const { times } = props.incident;
  const told = props.message.history.find((m) => m.state === 'sent');
  const steps: [string, string, string | undefined][] = phases.map(([k, label]) => [k, label, times[k]]);
  if (told !== undefined) steps.splice(steps.length - 1, 0, ['told', `Customers told (by ${told.by})`, told.at]);
  return (
    <Panel title="The procedure (R7.1)">
      <ol class="phases">
        {steps
          .filter(([, , at]) => at !== undefined)
          .map(([k, label, at]) => (
            <li key={k}>
              {label}: <Time iso={at} />
            </li>
          ))}
      </ol>
    </Panel>
  );
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
  const data = page.data;
  if (data === undefined)
    return (
      <main id="main">
        <h1>Incident {props.id}</h1>
        <ErrorBox error={page.error} />
        {page.error === undefined && <Loading />}
      </main>
    );
  const d = data.detail;
  const i = d.incident;
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
      <Procedure incident={i} message={data.message} />
      <Panel title="Verification (R7.2)">
        <VerificationFacts incident={i} />
      </Panel>
      <EvidencePanel detail={d} release={data.release} />
      <CustomerMessagePanel
        id={i.id}
        data={data.message}
        reload={page.reload}
        mayAct={canAct(who, d.release.workflow, d.release.environment)}
      />
      <Panel title="Timeline">
        <EventsTable label="Incident timeline" events={d.timeline} />
      </Panel>
      <Panel title="Post-incident review">
        <Review incident={i} mayAct={canAct(who, d.release.workflow, d.release.environment)} done={page.reload} />
      </Panel>
    </main>
  );
}
