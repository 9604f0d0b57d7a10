/**
 * An incident's customer message (R7.4): what ripcord suggests from the incident, in plain words
 * (the R7.4 templates the rollback calls for, the time users were affected, that they need not
 * act), and what operators wrote and recorded — as a draft or as sent — each version kept and
 * audited. docs/dashboard.md and docs/operations.md describe it.
 */
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Principal } from '../auth/principal.js';
import { AuditStore } from '../audit/audit-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import {
  customerImpactFromPlan,
  customerMessage,
  customerMessagesFor,
  type CustomerMessage,
  type CustomerTemplateId,
} from '../notifications/customer-templates.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RunStore } from '../rollbacks/run-store.js';
import {
  CustomerMessageStore,
  type CustomerMessageState,
  type RecordedCustomerMessage,
} from './customer-message-store.js';
import type { IncidentRecord, IncidentStore } from './incident-store.js';

/** What ripcord suggests sending. */
export interface CustomerMessageSuggestion {
  /** Whether users saw the bad version (null: not measured). */
  usersAffected: boolean | null;
  /** Why this suggestion, for the operator (not the customer). */
  why: string;
  /** The filled R7.4 templates the rollback calls for. */
  templates: CustomerMessage[];
  /** Plain words to start from; null when no customer needs a message. */
  draft: string | null;
}

/** An incident's customer message: the suggestion, the current recorded version and every version. */
export interface CustomerMessageView {
  incident: string;
  workflow: string;
  environment: string;
  suggestion: CustomerMessageSuggestion;
  current: RecordedCustomerMessage | null;
  history: RecordedCustomerMessage[];
}

/** What an operator records. */
export interface CustomerMessageInput {
  text: string;
  template?: CustomerTemplateId | undefined;
  state: CustomerMessageState;
  reason?: string | undefined;
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `09:00 UTC on 2 May 2026`: a time customers read. */
export function plainTime(iso: string): string {
  const d = new Date(iso);
  const hm = iso.slice(11, 16);
  return `${hm} UTC on ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `This affected requests between 09:01 and 09:14 UTC on 2 May 2026; it is fixed now.` (or `around` one minute). */
function affected(since: string, until: string | undefined): string {
  if (until === undefined) return `This affects requests since ${plainTime(since)}.`;
  if (since.slice(0, 16) === until.slice(0, 16))
    return `This affected requests for a short while around ${plainTime(since)}; it is fixed now.`;
  const sameDay = since.slice(0, 10) === until.slice(0, 10);
  const from = sameDay ? since.slice(11, 16) : plainTime(since);
  return `This affected requests between ${from} and ${plainTime(until)}; it is fixed now.`;
}

/** The suggestion for an incident, from its rollback's plan, blast radius and times. */
export function suggestCustomerMessage(
  incident: IncidentRecord,
  release: { workflow: string; name: string; environment: string },
  plan: Parameters<typeof customerImpactFromPlan>[0] | undefined,
  workflowType: string | undefined,
): CustomerMessageSuggestion {
  const requests = incident.blastRadius?.requests;
  const usersAffected = requests === undefined ? null : requests > 0;
  if (usersAffected === false)
    return {
      usersAffected,
      why: 'blast radius: 0 requests (the bad version served none before the restore): no customer needs a message',
      templates: [],
      draft: null,
    };
  const since = incident.blastRadius?.firstAt ?? incident.times.exposedAt;
  const until = incident.times.restoredAt;
  const extra = {
    environment: release.environment,
    outputs: workflowType === 'llm' ? 'responses' : 'results',
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
  const impact = plan
    ? customerImpactFromPlan(plan, extra)
    : { workflow: release.workflow, release: release.name, ...extra };
  let templates = customerMessagesFor(impact);
  if (templates.length === 0)
    templates = [
      customerMessage('known-issue', impact, 'no rollback step changes what users see: the general template'),
    ];
  const window = since ? affected(since, until) : null;
  const draft = [...templates.map((t) => t.text), ...(window ? [window] : []), 'You do not need to do anything.'];
  const measured = requests === undefined ? 'not measured' : `${requests} requests on the bad version`;
  return {
    usersAffected,
    why: `${templates.map((t) => `${t.title} (${t.reason})`).join('; ')}; blast radius: ${measured}`,
    templates,
    draft: draft.join('\n\n'),
  };
}

/** Reads and records incidents' customer messages. */
export class CustomerMessageService {
  constructor(
    private readonly deps: {
      db: Db;
      stores: { incidents: IncidentStore; releases: ReleaseStore; runs: RunStore; registry: RegistryStore };
      clock: Clock;
    },
  ) {}

  /** The incident's release (for authorization), or a 404. */
  async releaseOf(id: string): Promise<{ workflow: string; environment: string; name: string }> {
    const incident = await this.deps.stores.incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    const release = await this.deps.stores.releases.get(incident.releaseId);
    if (!release) throw notFound(`release ${incident.releaseId}`);
    return release;
  }

  /** The suggestion and the recorded versions. */
  async view(id: string): Promise<CustomerMessageView> {
    const { stores } = this.deps;
    const incident = await stores.incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    const release = await this.releaseOf(id);
    const [run, workflow, history] = await Promise.all([
      stores.runs.get(incident.runId),
      stores.registry.getWorkflow(release.workflow),
      new CustomerMessageStore({ db: this.deps.db }).history(id),
    ]);
    return {
      incident: id,
      workflow: release.workflow,
      environment: release.environment,
      suggestion: suggestCustomerMessage(incident, release, run?.plan, workflow?.spec.type),
      current: history.at(-1) ?? null,
      history,
    };
  }

  /** Records a new version (draft or sent) with its audit entry (which the dashboard's live feed follows). */
  async record(id: string, input: CustomerMessageInput, actor: Principal): Promise<CustomerMessageView> {
    await this.releaseOf(id);
    const at = this.deps.clock.now();
    const reason = input.reason?.trim() || (input.state === 'sent' ? 'sent to customers' : 'draft');
    await this.deps.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const message = { incidentId: id, template: input.template ?? null, text: input.text, state: input.state };
      const version = await new CustomerMessageStore({ db }).append({ ...message, by: actor.subject, reason, at });
      if (version === null)
        throw new AppError(
          'conflict',
          `someone recorded this incident's customer message at the same moment: reload it and try again`,
        );
      await new AuditStore({ db }).append({
        at,
        actor: actor.subject,
        action: 'incident.customer-message.recorded',
        subject: id,
        details: { version, state: input.state, template: message.template, text: input.text, reason },
      });
    });
    return this.view(id);
  }
}
