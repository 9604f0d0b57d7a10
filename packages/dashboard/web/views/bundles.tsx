/** Bundles (R1): a workflow's versions, the diff between two of them, and every label move (R1.3). */
import type { JSX } from 'preact';
import { get, seg } from '../api.js';
import type { Bundle, BundleDiff, LabelMove } from '../api-types.js';
import { ErrorBox, Json, Loading, Panel, Scroll } from '../components.js';
import { Time } from '../format.js';
import { useLoad } from '../hooks.js';
import { href, navigate } from '../router.js';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function Diff(props: { workflow: string; from: string; to: string }): JSX.Element {
  const diff = useLoad(
    () =>
      get<BundleDiff>(
        `/v1/workflows/${seg(props.workflow)}/diff?from=${encodeURIComponent(props.from)}&to=${encodeURIComponent(props.to)}`,
      ),
    `${props.workflow}:${props.from}:${props.to}`,
    () => false,
  );
  if (diff.error !== undefined) return <ErrorBox error={diff.error} />;
  if (diff.data === undefined) return <Loading />;
  const changed = diff.data.components.filter((c) => c.status !== 'unchanged');
  return (
    <Scroll label={`Changes from ${props.from} to ${props.to}`}>
      <table>
        <caption>
          {changed.length} of {diff.data.components.length} components change from {props.from} to {props.to}
        </caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Change</th>
            <th scope="col">Field</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {diff.data.components.flatMap((c) =>
            (c.changes ?? []).length === 0
              ? [
                  <tr key={c.component}>
                    <th scope="row">{c.component}</th>
                    <td>{c.status}</td>
                    <td colSpan={3} class="muted">
                      {c.status === 'unchanged' ? 'the same in both' : ''}
                    </td>
                  </tr>,
                ]
              : (c.changes ?? []).map((ch, n) => (
                  <tr key={`${c.component}:${ch.path}`}>
                    {n === 0 && <th scope="row">{c.component}</th>}
                    {n !== 0 && <td />}
                    <td>{n === 0 ? c.status : ''}</td>
                    <td>
                      <code>{ch.path}</code>
                    </td>
                    <td>
                      <del>{show(ch.from)}</del>
                    </td>
                    <td>
                      <ins>{show(ch.to)}</ins>
                    </td>
                  </tr>
                )),
          )}
        </tbody>
      </table>
    </Scroll>
  );
}

function DiffForm(props: { workflow: string; bundles: Bundle[]; from: string | null; to: string | null }) {
  const versions = props.bundles.map((b) => b.version);
  const submit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : '';
    };
    const q = new URLSearchParams({ from: field('from'), to: field('to') });
    navigate(`${href('workflows', props.workflow, 'bundles')}?${q.toString()}#diff`);
  };
  return (
    <form class="row" onSubmit={submit} aria-label="Compare two bundles">
      <label for="diff-from">From</label>
      <select id="diff-from" name="from" value={props.from ?? versions[versions.length - 2] ?? versions[0]}>
        {versions.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <label for="diff-to">to</label>
      <select id="diff-to" name="to" value={props.to ?? versions[versions.length - 1]}>
        {versions.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <button type="submit">Compare</button>
    </form>
  );
}

/** A workflow's bundles, a diff, and its label history. */
export function BundlesView(props: { workflow: string; from: string | null; to: string | null }): JSX.Element {
  const page = useLoad(
    async () => {
      const base = `/v1/workflows/${seg(props.workflow)}`;
      const [b, h] = await Promise.all([
        get<{ bundles: Bundle[] }>(`${base}/bundles`),
        get<{ history: LabelMove[] }>(`${base}/label-history`),
      ]);
      return { bundles: b.bundles, history: h.history };
    },
    props.workflow,
    (c) => c.workflow === props.workflow,
  );
  return (
    <main id="main">
      <h1>
        <a href={href('workflows', props.workflow)}>{props.workflow}</a>: bundles
      </h1>
      <ErrorBox error={page.error} />
      {page.data === undefined ? (
        page.error === undefined && <Loading />
      ) : (
        <>
          <Panel title="Versions">
            <ul>
              {page.data.bundles.map((b) => (
                <li key={b.version}>
                  <a href={href('workflows', props.workflow, 'bundles', b.version)}>{b.version}</a>{' '}
                  <span class="muted">
                    registered <Time iso={b.createdAt} />
                    {b.archivedAt ? ', archived' : ''}
                  </span>
                </li>
              ))}
            </ul>
          </Panel>
          <Panel title="What changes between two bundles" id="diff">
            {page.data.bundles.length < 2 ? (
              <p class="muted">One bundle only: nothing to compare.</p>
            ) : (
              <>
                <DiffForm workflow={props.workflow} bundles={page.data.bundles} from={props.from} to={props.to} />
                {props.from !== null && props.to !== null && (
                  <Diff workflow={props.workflow} from={props.from} to={props.to} />
                )}
              </>
            )}
          </Panel>
          <LabelHistoryPanel history={page.data.history} />
        </>
      )}
    </main>
  );
}

/** One bundle: its components, requirements and flags, as registered (immutable). */
export function BundleView(props: { workflow: string; version: string }): JSX.Element {
  const bundle = useLoad(
    () => get<Bundle>(`/v1/workflows/${seg(props.workflow)}/bundles/${seg(props.version)}`),
    `${props.workflow}/${props.version}`,
    () => false,
  );
  const b = bundle.data;
  return (
    <main id="main">
      <h1>
        <a href={href('workflows', props.workflow)}>{props.workflow}</a> bundle {props.version}
      </h1>
      <p>
        <a href={href('workflows', props.workflow, 'bundles')}>All versions, diffs and label history</a>
      </p>
      <ErrorBox error={bundle.error} />
      {b === undefined ? (
        bundle.error === undefined && <Loading />
      ) : (
        <>
          <p>
            Content hash <code>{b.id}</code>, registered <Time iso={b.createdAt} /> by {b.createdBy ?? '—'}.
          </p>
          {Object.entries(b.spec.components ?? {}).map(([name, value]) => (
            <Panel key={name} title={name}>
              <Json value={value} />
            </Panel>
          ))}
          <Panel title="Requires (R1.2)">
            <Json value={b.spec.requires ?? {}} />
          </Panel>
          <Panel title="Flags">
            <Json value={b.spec.flags ?? {}} />
          </Panel>
        </>
      )}
    </main>
  );
}

/** Every label move of the workflow (R1.3): who moved which label from what to what, and why. */
function LabelHistoryPanel(props: { history: LabelMove[] }): JSX.Element {
  return (
    <Panel title="Label history (R1.3)" id="label-history">
      <Scroll label="Label history">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Label</th>
              <th scope="col">Move</th>
              <th scope="col">Who</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((m) => (
              <tr key={m.id}>
                <td>
                  <Time iso={m.at} />
                </td>
                <td>
                  {m.label} ({m.environment})
                </td>
                <td>
                  {m.fromVersion ?? '(none)'} → {m.toVersion}
                </td>
                <td>{m.actor}</td>
                <td>{m.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </Panel>
  );
}
