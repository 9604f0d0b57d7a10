/** Small pieces every view uses: state badges (icon and word, never colour alone), panels, errors, forms. */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { Time } from './format.js';

const icons: Record<string, string> = {
  passing: '✓',
  breached: '✕',
  inconclusive: '?',
  'shared-cause': '≈',
  running: '▶',
  paused: '❚❚',
  'rolling-back': '↩',
  'rolled-back': '↩',
  promoted: '★',
  aborted: '■',
  pending: '…',
  succeeded: '✓',
  done: '✓',
  failed: '✕',
  verifying: '…',
  verified: '✓',
  escalated: '!',
  closed: '■',
  waiting: '…',
  started: '▶',
  passed: '✓',
  due: '!',
  sent: '✓',
  draft: '✎',
  skipped: '–',
  planned: '•',
  refused: '✕',
  'no-op': '–',
};

/** A state as an icon and its word; the colour only repeats what they say. */
export function Badge(props: { state: string; label?: string }): JSX.Element {
  const { state } = props;
  return (
    <span class={`badge badge-${state.replace(/[^a-z-]/g, '')}`} data-state={state}>
      <span aria-hidden="true">{icons[state] ?? '•'}</span> {props.label ?? state.replace(/-/g, ' ')}
    </span>
  );
}

/** A titled section of a page. */
export function Panel(props: { title: string; id?: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const headingId = `${props.id ?? props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section class="panel" id={props.id} aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** An error, in words, announced to screen readers. */
export function ErrorBox(props: { error: Error | undefined }): JSX.Element | null {
  const e = props.error;
  if (e === undefined) return null;
  const code = e instanceof ApiError ? ` (${e.status} ${e.code})` : '';
  return (
    <p class="error" role="alert">
      <span aria-hidden="true">✕ </span>
      {e.message}
      {code}
    </p>
  );
}

/** Shown while the first answer is on its way. */
export function Loading(): JSX.Element {
  return (
    <p class="muted" role="status">
      Loading…
    </p>
  );
}

/** A table that scrolls sideways on a narrow screen instead of overflowing the page. */
export function Scroll(props: { children: ComponentChildren; label: string }): JSX.Element {
  return (
    <div class="scroll" role="region" aria-label={`${props.label} (table)`} tabIndex={0}>
      {props.children}
    </div>
  );
}

/**
 * An action that needs a reason (kept in the record): a button opens a small form; submitting it
 * calls `run`, shows the answer or the server's refusal in words.
 */
export function ReasonAction(props: {
  label: string;
  run: (reason: string) => Promise<unknown>;
  danger?: boolean;
  children?: ComponentChildren;
  done?: (result: unknown) => void;
}): JSX.Element {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [result, setResult] = useState<string | undefined>();
  const id = `reason-${props.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  if (!open)
    return (
      <span class="action">
        <button type="button" class={props.danger === true ? 'danger' : ''} onClick={() => setOpen(true)}>
          {props.label}
        </button>
        {result !== undefined && (
          <span class="ok" role="status">
            {result}
          </span>
        )}
      </span>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    props.run(reason.trim()).then(
      (r) => {
        setBusy(false);
        setOpen(false);
        setReason('');
        setResult(`${props.label}: done`);
        props.done?.(r);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  return (
    <form class="reason-form" onSubmit={submit} aria-label={props.label}>
      {props.children}
      <label for={id}>Reason (kept in the record)</label>
      <input
        id={id}
        value={reason}
        required
        autoFocus
        maxLength={2000}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <div class="row">
        <button
          type="submit"
          class={props.danger === true ? 'danger' : 'primary'}
          disabled={busy || reason.trim() === ''}
        >
          {busy ? 'Working…' : `Confirm: ${props.label.toLowerCase()}`}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

/** Key–value facts as a description list. */
export function Facts(props: { items: [string, ComponentChildren][] }): JSX.Element {
  return (
    <dl class="facts">
      {props.items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Any JSON value, readable (evidence, details, components). */
export function Json(props: { value: unknown }): JSX.Element {
  return <pre class="json">{JSON.stringify(props.value, null, 2)}</pre>;
}

/** A timeline as a table: when, what, who, and one line of summary (newest first as given). */
export function EventsTable(props: {
  label: string;
  events: readonly { at: string; kind: string; actor: string; summary: string }[];
}): JSX.Element {
  return (
    <Scroll label={props.label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((e, n) => (
            <tr key={n}>
              <td>
                <Time iso={e.at} />
              </td>
              <td>{e.kind}</td>
              <td>{e.actor}</td>
              <td>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
