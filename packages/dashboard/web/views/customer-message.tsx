/**
 * An incident's customer message (R7.4): ripcord's suggestion in plain words (from the rollback's
 * plan, the blast radius and the times), the recorded version with who recorded it and whether it
 * went out, earlier versions, and — for the workflow's operators — a form that records a new
 * version as a draft or as sent (`PUT /v1/incidents/{id}/customer-message`, audited).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { call, seg } from '../api.js';
import type { IncidentCustomerMessage } from '../api-types.js';
import { Badge, ErrorBox, Panel } from '../components.js';
import { Time } from '../format.js';

type Recorded = NonNullable<IncidentCustomerMessage['current']>;

function Version(props: { m: Recorded }): JSX.Element {
  const m = props.m;
  return (
    <div class="message-version">
      <p>
        <Badge state={m.state} label={m.state === 'sent' ? 'sent to customers' : 'draft'} /> version {m.version}, by{' '}
        {m.by} at <Time iso={m.at} /> ({m.reason})
      </p>
      <blockquote class="message">{m.text}</blockquote>
    </div>
  );
}

function Suggestion(props: { s: IncidentCustomerMessage['suggestion'] }): JSX.Element {
  const s = props.s;
  return (
    <details open={s.draft !== null}>
      <summary>ripcord's suggestion</summary>
      <p class="muted">For you, not the customer: {s.why}.</p>
      {s.draft === null ? <p>No customer needs a message.</p> : <blockquote class="message">{s.draft}</blockquote>}
    </details>
  );
}

function MessageForm(props: { id: string; data: IncidentCustomerMessage; done: () => void }): JSX.Element {
  const { data } = props;
  const [text, setText] = useState(data.current?.text ?? data.suggestion.draft ?? '');
  const [template, setTemplate] = useState(data.current?.template ?? data.suggestion.templates[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const record = (state: 'draft' | 'sent') => {
    setBusy(true);
    setError(undefined);
    const body = { text, state, ...(template !== '' ? { template } : {}), ...(reason.trim() ? { reason } : {}) };
    call<IncidentCustomerMessage>('PUT', `/v1/incidents/${seg(props.id)}/customer-message`, body).then(
      (r) => {
        setBusy(false);
        setSaved(`Recorded version ${r.current?.version ?? ''} (${state}).`);
        props.done();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  return (
    <form class="reason-form" aria-label="Record the customer message" onSubmit={(e) => e.preventDefault()}>
      <label for="customer-text">Message to customers</label>
      <textarea
        id="customer-text"
        rows={6}
        maxLength={5000}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <label for="customer-template">R7.4 template it follows</label>
      <select id="customer-template" value={template} onChange={(e) => setTemplate(e.currentTarget.value)}>
        <option value="">none</option>
        {data.suggestion.templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <label for="customer-reason">Reason (kept in the record; optional)</label>
      <input id="customer-reason" maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <div class="row">
        <button type="button" disabled={busy || text.trim() === ''} onClick={() => record('draft')}>
          Save as draft
        </button>
        <button type="button" class="primary" disabled={busy || text.trim() === ''} onClick={() => record('sent')}>
          Record as sent
        </button>
      </div>
      {saved !== undefined && (
        <p class="ok" role="status">
          {saved}
        </p>
      )}
      <ErrorBox error={error} />
    </form>
  );
}

/** The customer-message panel of an incident (live with the incident's page). */
export function CustomerMessagePanel(props: {
  id: string;
  data: IncidentCustomerMessage;
  reload: () => void;
  mayAct: boolean;
}): JSX.Element {
  const d = props.data;
  const earlier = d.history.slice(0, -1).reverse();
  return (
    <Panel title="Customer message (R7.4)" id="customer-message">
      {d.current === null ? <p class="muted">Nothing recorded yet.</p> : <Version m={d.current} />}
      {earlier.length > 0 && (
        <details>
          <summary>Earlier versions ({earlier.length})</summary>
          {earlier.map((m) => (
            <Version key={m.version} m={m} />
          ))}
        </details>
      )}
      <Suggestion s={d.suggestion} />
      {props.mayAct && <MessageForm id={props.id} data={d} done={props.reload} />}
    </Panel>
  );
}
