/** Renders a runbook (runbook-model.ts) as Markdown or as a standalone HTML page. */
import type { Runbook } from './runbook-model.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The runbook in Markdown: the decision matrix, the procedure per level, recovery, owners, communication. */
export function runbookMarkdown(r: Runbook): string {
  const lines: string[] = [];
  lines.push(`# Runbook: ${r.workflow} in ${r.environment}`, '');
  lines.push(
    `Criticality: ${r.criticality}. Version ${r.version}, generated ${r.generatedAt}${r.release ? ` from release ticket ${r.release.name} (${r.release.status}; ${r.release.control} → ${r.release.candidate})` : ''}.`,
    '',
  );
  lines.push('## Decision matrix', '');
  if (r.matrix.length > 0) {
    lines.push(
      '| trigger | condition | severity | decision | level | first action | who may run it | verification | customer message |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const m of r.matrix)
      lines.push(
        `| ${[m.trigger, `${m.metric}: ${m.condition}`, m.severity, m.decision, m.level, m.firstAction, m.approval, m.verification, m.customerMessage ? `${m.customerMessage.id}: ${m.customerMessage.title}` : 'none'].map(cell).join(' | ')} |`,
      );
    lines.push('');
  }
  for (const o of r.otherwise) lines.push(`- ${o}`);
  lines.push('', '## Rollback procedure by level', '');
  for (const p of r.procedure) {
    lines.push(`### ${p.level.replace('level', 'Level ')} (${p.status}${p.note ? `: ${p.note}` : ''})`, '');
    lines.push(`Estimate: ${p.estimate}.`, '');
    p.steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
    lines.push('', '```sh', ...p.commands, '```', '');
  }
  lines.push('## Recovery checklist', '');
  for (const s of r.recovery) lines.push(`- [ ] ${s}`);
  lines.push('', '## Owners', '');
  for (const o of r.owners) lines.push(`- ${o.role}: ${o.principals.join(', ')}`);
  lines.push('', '## Communication plan', '');
  for (const c of r.communication) lines.push(`- ${c}`);
  return `${lines.join('\n')}\n`;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/`/g, '');

/** The runbook as a standalone HTML page (no scripts, no external resources). */
export function runbookHtml(r: Runbook): string {
  const rows = r.matrix
    .map(
      (m) =>
        `<tr>${[m.trigger, `${m.metric}: ${m.condition}`, m.severity, m.decision, m.level, m.firstAction, m.approval, m.verification, m.customerMessage ? `${m.customerMessage.id}: ${m.customerMessage.title}` : 'none'].map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const list = (items: string[], tag = 'ul') => `<${tag}>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`;
  const procedure = r.procedure
    .map(
      (p) =>
        `<h3>${esc(p.level.replace('level', 'Level '))} (${esc(p.status)}${p.note ? `: ${esc(p.note)}` : ''})</h3><p>Estimate: ${esc(p.estimate)}.</p>${list(p.steps, 'ol')}<pre>${esc(p.commands.join('\n'))}</pre>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Runbook: ${esc(r.workflow)} in ${esc(r.environment)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;vertical-align:top}</style></head>
<body><h1>Runbook: ${esc(r.workflow)} in ${esc(r.environment)}</h1>
<p>Criticality: ${esc(r.criticality)}. Version ${esc(r.version)}, generated ${esc(r.generatedAt)}${r.release ? ` from release ticket ${esc(r.release.name)} (${esc(r.release.status)})` : ''}.</p>
<h2>Decision matrix</h2>
<table><thead><tr><th>trigger</th><th>condition</th><th>severity</th><th>decision</th><th>level</th><th>first action</th><th>who may run it</th><th>verification</th><th>customer message</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${list(r.otherwise)}
<h2>Rollback procedure by level</h2>
${procedure}
<h2>Recovery checklist</h2>${list(r.recovery)}
<h2>Owners</h2>${list(r.owners.map((o) => `${o.role}: ${o.principals.join(', ')}`))}
<h2>Communication plan</h2>${list(r.communication)}
</body></html>
`;
}
