import { describe, expect, it } from 'vitest';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import {
  customerImpactFromPlan,
  customerMessage,
  customerMessagesFor,
  customerTemplateIds,
  internalMessage,
  slackMessage,
  webhookPayload,
  type CustomerImpact,
} from './message-templates.js';
import { notificationKinds, type NotificationEvent } from './notification-model.js';

/** The five templates of R7.4, as seed 004 writes them. */
const seedLines = [
  'Feature temporarily unavailable: We paused this AI-assisted workflow while we review recent output quality.',
  'Review mode enabled: This request will be reviewed before it is sent or applied.',
  'Regeneration disabled: Regeneration is temporarily off for this workflow while we investigate inconsistent responses.',
  'Known workflow issue: We found an issue affecting AI-generated summaries for this task type and are restoring the prior behavior.',
  'Corrected output: The earlier AI-generated response may have been incomplete; here is the reviewed version.',
];

const incident: CustomerImpact = {
  workflow: 'support-summary',
  release: 'sonnet-5-tier',
  environment: 'production',
  segments: ['enterprise'],
  since: new Date('2026-05-02T09:10:00.000Z'),
};

const event = (over: Partial<NotificationEvent> = {}): NotificationEvent => ({
  kind: 'executing',
  release: 'sonnet-5-tier',
  workflow: 'support-summary',
  environment: 'production',
  summary: 'schema_failures breached: 1.4% across 200 calls while control is 0.1%',
  at: new Date('2026-05-02T09:12:00.000Z'),
  details: {
    level: 'level1',
    gates: ['schema_failures'],
    steps: ['restore prompt p-41 → p-40'],
    eta: 'typically 30 s',
  },
  ...over,
});

describe('customer templates (R7.4)', () => {
  it('fills all five word for word from the seed', () => {
    const texts = customerTemplateIds.map((id) => customerMessage(id, incident).text);
    expect(texts).toEqual(seedLines);
    const filled = customerMessage('review-mode', incident);
    expect(filled).toMatchObject({
      id: 'review-mode',
      title: 'Review mode enabled',
      body: 'This request will be reviewed before it is sent or applied.',
      audience: { workflow: 'support-summary', environment: 'production', segments: ['enterprise'] },
      since: '2026-05-02T09:10:00.000Z',
      userActionRequired: false,
    });
  });

  it('names what the workflow produces in the known-issue template', () => {
    expect(customerMessage('known-issue', { ...incident, outputs: 'price quotes' }).body).toBe(
      'We found an issue affecting AI-generated price quotes for this task type and are restoring the prior behavior.',
    );
  });

  it('chooses templates by what the rollback changed for users', () => {
    const ids = (over: Partial<CustomerImpact>) => customerMessagesFor({ ...incident, ...over }).map((m) => m.id);
    expect(ids({ actionMode: 'human-review' })).toEqual(['review-mode']);
    expect(ids({ actionMode: 'draft-only' })).toEqual(['review-mode']);
    expect(ids({ actionMode: 'queued' })).toEqual([]);
    expect(ids({ regenerationDisabled: true })).toEqual(['regeneration-disabled']);
    expect(ids({ restored: ['modelRoute', 'prompt'] })).toEqual(['known-issue']);
    expect(ids({ trafficToControl: true })).toEqual(['known-issue']);
    expect(ids({ correctedOutputs: 12 })).toEqual(['corrected-output']);
    // A disabled feature supersedes review mode and regeneration: the user cannot reach it.
    expect(ids({ featureDisabled: true, actionMode: 'human-review', regenerationDisabled: true })).toEqual([
      'feature-unavailable',
    ]);
    expect(ids({ actionMode: 'human-review', restored: ['prompt'], correctedOutputs: 3 })).toEqual([
      'review-mode',
      'known-issue',
      'corrected-output',
    ]);
    expect(ids({ usersAffected: false, actionMode: 'human-review', restored: ['prompt'] })).toEqual([]);
  });

  it('reads the impact from a rollback plan', () => {
    const impact = customerImpactFromPlan(plan(), { environment: 'production' });
    expect(impact).toMatchObject({
      workflow: 'support-summary',
      release: 'sonnet-5-tier',
      actionMode: 'human-review',
      regenerationDisabled: true,
      restored: ['prompt'],
    });
    // The prompt restore reaches everyone, so the audience is not limited to the flag's segment.
    expect(impact.segments).toBeUndefined();
    expect(customerMessagesFor(impact).map((m) => m.id)).toEqual([
      'review-mode',
      'regeneration-disabled',
      'known-issue',
    ]);
    const flagsOnly = customerImpactFromPlan(plan({ restore: false }));
    expect(flagsOnly.segments).toEqual(['enterprise']);
    expect(flagsOnly.restored).toBeUndefined();
  });
});

describe('internal notifications', () => {
  it('says what happened, the action, ETA, status and incident channel at every stage', () => {
    const titles = new Set<string>();
    for (const kind of notificationKinds) {
      const m = internalMessage(event({ kind, details: {} }), { incidentChannel: '#inc-ai' });
      titles.add(m.title);
      const lines = m.text.split('\n');
      expect(lines[0]).toBe(`[ripcord] ${m.title}`);
      for (const label of ['What happened', 'Action taken', 'ETA', 'Status', 'Incident channel'])
        expect(lines.some((l) => l.startsWith(`${label}: `) && l.length > label.length + 2)).toBe(true);
      expect(m.fields.incidentChannel).toBe('#inc-ai');
    }
    expect(titles.size).toBe(notificationKinds.length);
  });

  it('uses the event details over the defaults and lists steps and the post-incident review', () => {
    const m = internalMessage(
      event({
        kind: 'closed',
        details: {
          rootCause: 'prompt p-41 dropped a field',
          remediation: 'fixed in p-42',
          prevention: 'schema gate on canary',
        },
      }),
    );
    expect(m.text).toContain('Root cause: prompt p-41 dropped a field');
    expect(m.text).toContain('Prevention: schema gate on canary');
    const e = internalMessage(event(), { incidentChannel: '#inc-ai' });
    expect(e.fields.eta).toBe('typically 30 s');
    expect(e.text).toContain('  - restore prompt p-41 → p-40');
    expect(e.text).toContain('Release: sonnet-5-tier, level1, at 2026-05-02T09:12:00.000Z');
  });

  it('renders Slack incoming-webhook JSON: text plus Block Kit blocks within their limits', () => {
    const long = `<!channel> & ${'x'.repeat(5000)}`;
    const m = internalMessage(
      event({ summary: long, details: { ...event().details, customer: { ...incident, actionMode: 'human-review' } } }),
      { incidentChannel: '#inc-ai' },
    );
    const slack = JSON.parse(JSON.stringify(slackMessage(m))) as ReturnType<typeof slackMessage>;
    expect(Object.keys(slack).sort()).toEqual(['blocks', 'text']);
    expect(typeof slack.text).toBe('string');
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: m.title } });
    const fieldsBlock = slack.blocks.find((b) => b.type === 'section' && 'fields' in b);
    expect(fieldsBlock && 'fields' in fieldsBlock ? fieldsBlock.fields.map((f) => f.text.split('\n')[0]) : []).toEqual([
      '*Action taken*',
      '*ETA*',
      '*Status*',
      '*Incident channel*',
    ]);
    for (const block of slack.blocks) {
      expect(['header', 'section', 'context', 'divider']).toContain(block.type);
      if (block.type === 'section' && 'text' in block) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    const what = slack.blocks[1];
    expect(what?.type === 'section' && 'text' in what ? what.text.text : '').toMatch(
      /^\*What happened\*\n&lt;!channel&gt; &amp; x+…$/,
    );
    expect(JSON.stringify(slack)).toContain(
      'Review mode enabled: This request will be reviewed before it is sent or applied.',
    );
    expect(slack.blocks.at(-1)).toMatchObject({ type: 'context' });
  });

  it('never carries secrets, whatever the event says', () => {
    const signing = 'whsec-0123456789abcdef0123456789abcdef';
    const m = internalMessage(
      event({
        summary: `token rc_${'A'.repeat(43)} leaked; key sk-ant-${'b'.repeat(30)}; api_key=hunter2hunter2 ${signing}`,
        details: {
          action: 'posted to https://hooks.slack.com/services/T000/B000/XXXXXXXX',
          steps: ['curl -H "Authorization: Bearer abc.def.ghi" https://user:pa55@example.com/x'],
        },
      }),
      { secrets: [signing] },
    );
    const everything = [m.text, JSON.stringify(slackMessage(m)), JSON.stringify(webhookPayload(m, 'k1'))].join('\n');
    for (const secret of [
      'A'.repeat(43),
      'b'.repeat(30),
      'hunter2hunter2',
      signing,
      'T000/B000',
      'abc.def.ghi',
      'pa55',
    ])
      expect(everything).not.toContain(secret);
    expect(m.summary).toContain('rc_[redacted]');
  });

  it('renders the generic webhook body with the key as its id', () => {
    const m = internalMessage(event());
    expect(webhookPayload(m, 'rel_1:42')).toMatchObject({
      type: 'ripcord.notification',
      id: 'rel_1:42',
      kind: 'executing',
      context: { release: 'sonnet-5-tier', workflow: 'support-summary', environment: 'production', level: 'level1' },
    });
  });
});

function plan(options: { restore?: boolean } = {}): RollbackPlan {
  const steps: RollbackPlan['steps'] = [
    { kind: 'pause', level: null, gates: ['g'], text: 'pause' },
    {
      kind: 'set-flag',
      level: 'flags',
      flag: 'ai.action.mode',
      value: 'human-review',
      segments: ['enterprise'],
      reducesAutomation: true,
      gates: ['g'],
      text: 'ai.action.mode=human-review for enterprise',
    },
    {
      kind: 'set-flag',
      level: 'flags',
      flag: 'app.regenerate.enabled',
      value: false,
      segments: ['enterprise'],
      reducesAutomation: true,
      gates: ['g'],
      text: 'regeneration off',
    },
    {
      kind: 'set-flag',
      level: 'flags',
      flag: 'ai.tools.enabled',
      value: false,
      segments: null,
      reducesAutomation: true,
      gates: ['g'],
      text: 'tools off',
    },
  ];
  if (options.restore !== false)
    steps.push({
      kind: 'restore',
      level: 'level1',
      component: 'prompt',
      from: 'p-41',
      to: 'p-40',
      gates: ['g'],
      text: 'restore prompt',
    });
  return {
    status: 'planned',
    reason: null,
    release: 'sonnet-5-tier',
    workflow: 'support-summary',
    control: '2026-04-10.1',
    candidate: '2026-05-02.1',
    level: options.restore === false ? 'flags' : 'level1',
    steps,
    covers: ['g'],
    sources: [],
    automation: ['flags'],
    noops: [],
    refusals: [],
    conflicts: [],
    override: null,
    cannotUndo: [],
    estimate: {
      level: 'level1',
      typicalSeconds: 30,
      upperSeconds: 300,
      mode: 'switch',
      awaitsApproval: false,
      text: 'level 1: typically 30 s',
    },
    notes: [],
  };
}
