/**
 * Internal notifications (R7.4, from seed 003: "what happened, what action was taken, estimated
 * time to resolution, and current system status", in a dedicated incident channel) for each stage
 * of a rollback, as plain text, as Slack Block Kit (`{ text, blocks }`, what an incoming webhook
 * accepts) and as the JSON body of a generic webhook. Pure functions: no I/O, no clock.
 *
 * Only the event's typed fields are shown, each through `redactSecrets`; nothing else of the
 * server (URLs, tokens, the signing secret) is reachable from here.
 */
import { customerMessagesFor, type CustomerMessage } from './customer-templates.js';
import type { NotificationEvent, NotificationKind } from './notification-model.js';
import { redactSecrets } from './redact.js';

export {
  customerMessage,
  customerMessagesFor,
  customerImpactFromPlan,
  customerTemplateIds,
  type CustomerImpact,
  type CustomerMessage,
  type CustomerTemplateId,
} from './customer-templates.js';

/** What each stage says when the event does not: headline, action, ETA and status. */
const stageDefaults: Readonly<
  Record<NotificationKind, { title: string; action: string; eta: string; status: string }>
> = {
  detected: {
    title: 'Problem detected',
    action: 'None yet: the gates are being assessed.',
    eta: 'Unknown until a decision is made.',
    status: 'Investigating: the candidate still serves its share of traffic.',
  },
  decision: {
    title: 'Rollback decided',
    action: 'Rollback planned.',
    eta: 'Not estimated.',
    status: 'Rollback decided; it runs now or once the required approvals are given.',
  },
  executing: {
    title: 'Rollback in progress',
    action: 'Rollback steps running.',
    eta: 'Not estimated.',
    status: 'Rolling back; verification of the restored version follows.',
  },
  verified: {
    title: 'Rollback verified',
    action: 'Rollback completed and verified.',
    eta: 'Resolved.',
    status: 'Restored: the previous version serves and its checks pass.',
  },
  'verification-failed': {
    title: 'Rollback verification failed',
    action: 'Escalating: next rollback level or the incident commander.',
    eta: 'Unknown: depends on the escalation.',
    status: 'Not restored: verification failed. This is not a success.',
  },
  escalated: {
    title: 'Escalated',
    action: 'The incident commander is paged.',
    eta: 'Unknown: waiting for a person.',
    status: 'Waiting for a human decision.',
  },
  closed: {
    title: 'Incident closed',
    action: 'None: the incident is closed.',
    eta: 'Resolved.',
    status: 'Closed.',
  },
  drill: {
    title: 'Rollback drill',
    action: 'Run the rollback drill (the command is in the summary).',
    eta: 'A drill takes seconds at levels 1 and 2.',
    status: 'No user is affected: drills move only the drill segment.',
  },
  chaos: {
    title: 'Chaos check failed',
    action:
      'Read the chaos run (`ripcord chaos show ID`), fix the gate, rollback or authority that missed, and run it again.',
    eta: 'Until fixed, a real fault of this kind may not be caught or rolled back in time.',
    status: 'No user is affected: chaos runs move only the drill segment, and it was restored.',
  },
};

/** Rendering options that come from the server, not the event. */
export interface RenderOptions {
  /** The server's incident channel (RIPCORD_INCIDENT_CHANNEL); an event's own one wins. */
  incidentChannel?: string | undefined;
  /** Literal secrets to scrub wherever they appear (the webhook secret, the admin token). */
  secrets?: readonly string[];
  /** When it happened, if the event does not say. */
  at?: Date;
}

/** An internal notification, rendered once and shown as text, Slack blocks or webhook JSON. */
export interface InternalMessage {
  kind: NotificationKind;
  title: string;
  summary: string;
  fields: { whatHappened: string; actionTaken: string; eta: string; status: string; incidentChannel: string };
  context: {
    release: string;
    workflow: string;
    environment: string;
    at: string | null;
    level: string | null;
    actor: string | null;
    gates: string[];
    runId: string | null;
    incidentId: string | null;
    releaseId: string | null;
  };
  steps: string[];
  /** Post-rollback communication (closed stage): root cause, remediation, prevention. */
  followUp: { rootCause: string | null; remediation: string | null; prevention: string | null };
  /** The R7.4 customer messages this rollback calls for (empty without customer impact). */
  customer: CustomerMessage[];
  /** The whole message as plain text. */
  text: string;
}

/** Renders an event as an internal notification. */
export function internalMessage(event: NotificationEvent, options: RenderOptions = {}): InternalMessage {
  const clean = (s: string) => redactSecrets(s, options.secrets ?? []);
  const optional = (s: string | undefined) => (s === undefined ? null : clean(s));
  const d = event.details ?? {};
  const defaults = stageDefaults[event.kind];
  const at = event.at ?? options.at;
  const summary = clean(event.summary);
  const message: Omit<InternalMessage, 'text'> = {
    kind: event.kind,
    title: clean(`${defaults.title}: ${event.workflow} (${event.environment})`),
    summary,
    fields: {
      whatHappened: summary,
      actionTaken: clean(d.action ?? defaults.action),
      eta: clean(d.eta ?? defaults.eta),
      status: clean(d.status ?? defaults.status),
      incidentChannel: clean(
        d.incidentChannel ?? options.incidentChannel ?? 'none configured (RIPCORD_INCIDENT_CHANNEL)',
      ),
    },
    context: {
      release: clean(event.release),
      workflow: clean(event.workflow),
      environment: clean(event.environment),
      at: at ? at.toISOString() : null,
      level: optional(d.level),
      actor: optional(d.actor),
      gates: (d.gates ?? []).map(clean),
      runId: optional(d.runId),
      incidentId: optional(d.incidentId),
      releaseId: optional(d.releaseId),
    },
    steps: (d.steps ?? []).map(clean),
    followUp: {
      rootCause: optional(d.rootCause),
      remediation: optional(d.remediation),
      prevention: optional(d.prevention),
    },
    customer: d.customer ? customerMessagesFor(d.customer) : [],
  };
  return { ...message, text: plainText(message) };
}

function plainText(m: Omit<InternalMessage, 'text'>): string {
  const c = m.context;
  const lines = [
    `[ripcord] ${m.title}`,
    `What happened: ${m.fields.whatHappened}`,
    `Action taken: ${m.fields.actionTaken}`,
    `ETA: ${m.fields.eta}`,
    `Status: ${m.fields.status}`,
    `Incident channel: ${m.fields.incidentChannel}`,
    `Release: ${c.release}${c.level ? `, ${c.level}` : ''}${c.actor ? `, by ${c.actor}` : ''}${c.at ? `, at ${c.at}` : ''}`,
  ];
  if (c.gates.length > 0) lines.push(`Gates: ${c.gates.join(', ')}`);
  if (m.steps.length > 0) lines.push('Steps:', ...m.steps.map((s) => `  - ${s}`));
  if (m.followUp.rootCause) lines.push(`Root cause: ${m.followUp.rootCause}`);
  if (m.followUp.remediation) lines.push(`Remediation: ${m.followUp.remediation}`);
  if (m.followUp.prevention) lines.push(`Prevention: ${m.followUp.prevention}`);
  if (m.customer.length > 0) lines.push('Customer messages ready to send:', ...m.customer.map((x) => `  - ${x.text}`));
  return lines.join('\n');
}

/** A Slack text object. */
export type SlackText = { type: 'plain_text'; text: string } | { type: 'mrkdwn'; text: string };

/** The Block Kit blocks ripcord uses. */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text: SlackText }
  | { type: 'section'; fields: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

/** An incoming-webhook message: `text` is the notification fallback, `blocks` the layout. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Renders an internal message as a Slack incoming-webhook body (Block Kit limits respected). */
export function slackMessage(m: InternalMessage): SlackMessage {
  const md = (text: string, max: number): SlackText => ({ type: 'mrkdwn', text: clip(escapeMrkdwn(text), max) });
  const c = m.context;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.title, 150) } },
    { type: 'section', text: md(`*What happened*\n${m.fields.whatHappened}`, 3000) },
    {
      type: 'section',
      fields: [
        md(`*Action taken*\n${m.fields.actionTaken}`, 2000),
        md(`*ETA*\n${m.fields.eta}`, 2000),
        md(`*Status*\n${m.fields.status}`, 2000),
        md(`*Incident channel*\n${m.fields.incidentChannel}`, 2000),
      ],
    },
  ];
  if (m.steps.length > 0)
    blocks.push({ type: 'section', text: md(`*Steps*\n${m.steps.map((s) => `• ${s}`).join('\n')}`, 3000) });
  const followUp = [
    m.followUp.rootCause && `*Root cause*\n${m.followUp.rootCause}`,
    m.followUp.remediation && `*Remediation*\n${m.followUp.remediation}`,
    m.followUp.prevention && `*Prevention*\n${m.followUp.prevention}`,
  ].filter((x): x is string => typeof x === 'string');
  if (followUp.length > 0) blocks.push({ type: 'section', text: md(followUp.join('\n'), 3000) });
  if (m.customer.length > 0)
    blocks.push({
      type: 'section',
      text: md(`*Customer messages ready to send*\n${m.customer.map((x) => `• ${x.text}`).join('\n')}`, 3000),
    });
  const context = [
    `release ${c.release}`,
    c.level,
    c.gates.length > 0 ? `gates ${c.gates.join(', ')}` : null,
    c.actor ? `by ${c.actor}` : null,
    c.at,
  ].filter((x): x is string => typeof x === 'string');
  blocks.push({ type: 'divider' }, { type: 'context', elements: [md(context.join(' · '), 2000)] });
  return { text: clip(`${m.title}: ${m.fields.whatHappened} Status: ${m.fields.status}`, 3000), blocks };
}

/** The JSON body a generic webhook receives (its `id` is also the Idempotency-Key header). */
export interface WebhookPayload {
  type: 'ripcord.notification';
  id: string;
  kind: NotificationKind;
  title: string;
  summary: string;
  fields: InternalMessage['fields'];
  context: InternalMessage['context'];
  steps: string[];
  followUp: InternalMessage['followUp'];
  customerMessages: CustomerMessage[];
  text: string;
}

/** Renders an internal message as a generic webhook body. */
export function webhookPayload(m: InternalMessage, key: string): WebhookPayload {
  return {
    type: 'ripcord.notification',
    id: key,
    kind: m.kind,
    title: m.title,
    summary: m.summary,
    fields: m.fields,
    context: m.context,
    steps: m.steps,
    followUp: m.followUp,
    customerMessages: m.customer,
    text: m.text,
  };
}

/** Slack's mrkdwn treats &, < and > as control characters; everything else is shown as written. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
