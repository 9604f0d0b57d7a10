/** The audit log (R7.3), newest first, with the hash chain's verification. */
import type { JSX } from 'preact';
import { get } from '../api.js';
import type { AuditEntry, AuditVerify } from '../api-types.js';
import { Badge, ErrorBox, Json, Loading, Panel, Scroll } from '../components.js';
import { Time } from '../format.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';

const PAGE = 200;

/** A link to what an entry is about, when the dashboard has a page for it. */
function Subject(props: { subject: string }): JSX.Element {
  const s = props.subject;
  if (/^rel_[0-9a-f]{12}$/.test(s)) return <a href={href('releases', s)}>{s}</a>;
  if (/^inc_[0-9a-f]{12}$/.test(s)) return <a href={href('incidents', s)}>{s}</a>;
  if (/^run_[0-9a-f]{12}$/.test(s)) return <a href={href('rollbacks', s)}>{s}</a>;
  const [wf, rest] = s.split('/');
  if (wf !== undefined && rest !== undefined && /^[a-z0-9-]+$/.test(wf))
    return (
      <span>
        <a href={href('workflows', wf)}>{wf}</a>/{rest}
      </span>
    );
  return <span>{s}</span>;
}

/** The audit page: the last entries and whether the chain verifies. */
export function AuditView(): JSX.Element {
  const page = useLoad(
    async () => {
      const verify = await get<AuditVerify>('/v1/audit/verify');
      const after = Math.max(0, verify.entries - PAGE);
      const { entries } = await get<{ entries: AuditEntry[] }>(`/v1/audit?afterSeq=${after}&limit=${PAGE}`);
      return { verify, entries: [...entries].reverse() };
    },
    'audit',
    (c) => c.kind === 'audit',
  );
  const d = page.data;
  return (
    <main id="main">
      <h1>Audit log</h1>
      <ErrorBox error={page.error} />
      {d === undefined ? (
        page.error === undefined && <Loading />
      ) : (
        <>
          <Panel title="Verification of the hash chain" id="verification">
            <p>
              <Badge state={d.verify.ok ? 'passing' : 'breached'} label={d.verify.ok ? 'verified' : 'broken'} />{' '}
              {d.verify.ok
                ? `All ${d.verify.entries} entries verify: none was edited, inserted or deleted.`
                : `The chain breaks at entry ${d.verify.firstBad?.seq ?? '?'} (${d.verify.firstBad?.problem ?? 'unknown'}).`}{' '}
              Head hash <code class="hash">{d.verify.headHash}</code>
            </p>
          </Panel>
          <Panel title={`The last ${d.entries.length} entries, newest first`} id="entries">
            <Scroll label="Audit entries">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {d.entries.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>
                        <Time iso={e.at} />
                      </td>
                      <td>{e.actor}</td>
                      <td>{e.action}</td>
                      <td>
                        <Subject subject={e.subject} />
                      </td>
                      <td>
                        <details>
                          <summary>details</summary>
                          <Json value={e.details} />
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          </Panel>
        </>
      )}
    </main>
  );
}
