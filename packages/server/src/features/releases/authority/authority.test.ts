import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.js';
import type { WorkflowSpec } from '../../bundles/workflow-schema.js';
import {
  authorityActionOf,
  authorizeOverride,
  authorizePlan,
  type Approval,
  type AuthorityAction,
  type AuthorityDecision,
  type AuthorityRequest,
} from './authority.js';
import type { OwnerRole, ReleaseSpec } from '../ticket/release-schema.js';
import type { RollbackLevel } from '../planning/rollback-levels.js';
import { planRollback } from '../planning/rollback-planner.js';
import { loadExample } from '../ticket/test-fixtures.js';

const now = new Date('2026-05-02T09:00:00.000Z');

/** One distinct subject per role, so every row of the matrix is one role alone. */
const SUBJECTS: Record<OwnerRole, string> = {
  onCall: 'pager',
  engineering: 'eng',
  platform: 'plat',
  incidentCommander: 'ic',
  product: 'pm',
  risk: 'risk',
  support: 'sup',
  teamLead: 'lead',
  dataEngineeringLead: 'de',
  mlEngineeringLead: 'ml',
};

const workflow: Pick<WorkflowSpec, 'name' | 'owners'> = { name: 'support-summary', owners: { ...SUBJECTS } };
const release: Pick<ReleaseSpec, 'environment' | 'automatic' | 'authority'> = loadExample('support-summary').release;

const person = (subject: string, patch: Partial<Principal> = {}): Principal => ({
  subject,
  role: 'operator',
  tokenId: `tok-${subject}`,
  scope: null,
  ...patch,
});

type Column = 'reduce' | RollbackLevel;
const COLUMNS: Column[] = ['reduce', 'flags', 'level1', 'level2', 'level3', 'level4'];

function action(column: Column): AuthorityAction {
  const level = column === 'reduce' ? 'flags' : column;
  const automation: RollbackLevel[] = level === 'flags' ? ['flags'] : ['flags', level];
  return { level, automation, reducesAutomationOnly: column === 'reduce', conflicts: [] };
}

/** A decision in a few letters: A allowed, R refused, N:<remaining requirements> needs approvals. */
function code(d: AuthorityDecision): string {
  if (d.outcome === 'allowed') return 'A';
  if (d.outcome === 'refused') return 'R';
  return `N:${d.remaining.map((r) => r.requirement).join('+')}`;
}

function ask(
  actor: AuthorityRequest['actor'],
  column: Column,
  patch: Partial<AuthorityRequest> = {},
): AuthorityDecision {
  return authorizePlan({ workflow, release, action: action(column), actor, now, ...patch });
}

const ON_CALL = ['A', 'A', 'A', 'A', 'N:dataEngineeringLead', 'N:dataEngineeringLead+mlEngineeringLead'];
const NOTHING = ['R', 'R', 'R', 'R', 'R', 'R'];

describe('every role × level (support-summary authority: flipFlags engineering, reduceAutomation incidentCommander)', () => {
  const expected: [OwnerRole | 'stranger', string[]][] = [
    ['onCall', ON_CALL],
    ['engineering', ON_CALL],
    ['platform', ON_CALL],
    ['incidentCommander', ON_CALL],
    ['product', NOTHING],
    ['risk', NOTHING],
    ['support', NOTHING],
    ['teamLead', NOTHING],
    ['dataEngineeringLead', ['R', 'R', 'R', 'R', 'A', 'N:mlEngineeringLead']],
    ['mlEngineeringLead', ['R', 'R', 'R', 'R', 'R', 'N:dataEngineeringLead']],
    ['stranger', NOTHING],
  ];
  it.each(expected)('%s', (role, row) => {
    const subject = role === 'stranger' ? 'nobody' : SUBJECTS[role];
    expect(COLUMNS.map((c) => code(ask(person(subject), c)))).toEqual(row);
  });

  it('the authority block widens who may flip flags or reduce automation', () => {
    const wide = {
      ...release,
      authority: { flipFlags: 'product' as const, reduceAutomation: ['risk' as const, 'support' as const] },
    };
    const row = (subject: string): string[] =>
      COLUMNS.slice(0, 3).map((c) => code(ask(person(subject), c, { release: wide })));
    expect(row('pm')).toEqual(['A', 'A', 'R']);
    expect(row('risk')).toEqual(['A', 'R', 'R']);
    expect(row('sup')).toEqual(['A', 'R', 'R']);
  });
});

describe('level 2 notifies the team lead', () => {
  it('with a 15-minute acknowledgement deadline from now', () => {
    const d = ask(person('eng'), 'level2');
    expect(d.outcome === 'allowed' ? d.notify : null).toEqual([
      {
        role: 'teamLead',
        principals: ['lead'],
        acknowledgeBy: '2026-05-02T09:15:00.000Z',
        reason: expect.stringContaining('15 minutes') as unknown,
      },
    ]);
  });

  it('not for level 1', () => {
    const d = ask(person('eng'), 'level1');
    expect(d.outcome === 'allowed' ? d.notify : null).toEqual([]);
  });
});

describe('approvals and the two-person rule', () => {
  const approve = (...subjects: string[]): Approval[] =>
    subjects.map((s) => ({ principal: person(s), at: now.toISOString() }));

  it('level 3 runs once the data engineering lead approves', () => {
    const d = ask(person('eng'), 'level3', { approvals: approve('de') });
    expect(code(d)).toBe('A');
    expect(d.outcome === 'allowed' ? d.approvedBy : null).toEqual([
      { subject: 'de', requirement: 'dataEngineeringLead' },
    ]);
  });

  it('level 4 needs both leads; one approval leaves the other remaining', () => {
    expect(code(ask(person('eng'), 'level4', { approvals: approve('de', 'ml') }))).toBe('A');
    expect(code(ask(person('eng'), 'level4', { approvals: approve('ml') }))).toBe('N:dataEngineeringLead');
  });

  it('one person holding both lead roles fills only one of them', () => {
    const dual = { ...workflow, owners: { ...SUBJECTS, dataEngineeringLead: 'dual', mlEngineeringLead: 'dual' } };
    expect(code(ask(person('eng'), 'level4', { workflow: dual, approvals: approve('dual') }))).toMatch(/^N:/);
    expect(code(ask(person('dual'), 'level4', { workflow: dual, approvals: approve('dual', 'dual') }))).toMatch(/^N:/);
    const d = ask(person('eng'), 'level4', { workflow: dual, approvals: approve('dual') });
    expect(d.outcome === 'needs-approvals' ? d.remaining.length : -1).toBe(1);
  });

  it('finds the valid pair when the person holding both roles approves first', () => {
    const owners = { ...SUBJECTS, dataEngineeringLead: ['dual', 'de2'], mlEngineeringLead: 'dual' };
    const d = ask(person('eng'), 'level4', { workflow: { ...workflow, owners }, approvals: approve('dual', 'de2') });
    expect(d.outcome === 'allowed' ? d.approvedBy : null).toEqual([
      { subject: 'de2', requirement: 'dataEngineeringLead' },
      { subject: 'dual', requirement: 'mlEngineeringLead' },
    ]);
  });

  it('ignores approvals from viewer tokens and from principals without the role', () => {
    const approvals = [{ principal: person('de', { role: 'viewer' }), at: now.toISOString() }, ...approve('pm')];
    const d = ask(person('eng'), 'level3', { approvals });
    expect(code(d)).toBe('N:dataEngineeringLead');
    expect(d.outcome === 'needs-approvals' ? d.ignored.map((i) => i.subject) : null).toEqual(['de', 'pm']);
  });
});

describe('automatic decisions act only within the ticket', () => {
  const ride = loadExample('ride-pricing').release;

  it.each<[Column, string]>([
    ['reduce', 'A'],
    ['flags', 'A'],
    ['level1', 'A'],
    ['level2', 'N:on-call'],
    ['level3', 'N:dataEngineeringLead'],
    ['level4', 'N:dataEngineeringLead+mlEngineeringLead'],
  ])('support-summary (automatic: level1, flags): %s → %s', (column, expected) => {
    expect(code(ask('automatic', column))).toBe(expected);
  });

  it('ride-pricing lists level 2, so it runs and notifies the team lead', () => {
    const d = ask('automatic', 'level2', { release: ride });
    expect(code(d)).toBe('A');
    expect(d.outcome === 'allowed' ? d.notify.map((n) => n.acknowledgeBy) : null).toEqual(['2026-05-02T09:15:00.000Z']);
  });

  it('lists who may approve a plan beyond the list, and runs once one approves', () => {
    const d = ask('automatic', 'level2');
    expect(d.outcome === 'needs-approvals' ? d.remaining[0]?.principals : null).toEqual(['pager', 'eng', 'plat', 'ic']);
    expect(
      code(ask('automatic', 'level2', { approvals: [{ principal: person('plat'), at: now.toISOString() }] })),
    ).toBe('A');
  });

  it('a plan with a flag conflict waits for a human even within the list', () => {
    expect(code(ask('automatic', 'level1', { action: { ...action('level1'), conflicts: ['x'] } }))).toBe('N:on-call');
  });

  it('listing level 3 does not waive its approval', () => {
    expect(
      code(ask('automatic', 'level3', { release: { ...release, automatic: ['flags', 'level1', 'level2', 'level3'] } })),
    ).toBe('N:dataEngineeringLead');
  });
});

describe('tokens', () => {
  it('refuses viewer tokens and tokens scoped elsewhere', () => {
    expect(ask(person('eng', { role: 'viewer' }), 'level1')).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('viewer') as unknown,
    });
    expect(code(ask(person('eng', { scope: { workflows: ['ride-pricing'] } }), 'level1'))).toBe('R');
    expect(code(ask(person('eng', { scope: { environment: 'staging' } }), 'level1'))).toBe('R');
    expect(code(ask(person('eng', { role: 'admin' }), 'level1'))).toBe('A');
  });
});

describe('incident commander override', () => {
  it('only the incident commander may override the plan', () => {
    expect(authorizeOverride({ workflow, release, actor: person('ic') }).outcome).toBe('allowed');
    expect(authorizeOverride({ workflow, release, actor: person('eng') }).outcome).toBe('refused');
  });
});

describe('authorityActionOf', () => {
  it('reads level, automation and whether a plan only reduces automation', () => {
    const ex = loadExample('support-summary');
    const base = { release: ex.release, control: ex.control, candidate: ex.candidate, live: { stage: 2 } };
    const reduce = authorityActionOf(
      planRollback({ ...base, breached: [{ gate: 'safety-blocks', segments: ['smb'] }] }),
    );
    expect(reduce).toEqual({ level: 'flags', automation: ['flags'], reducesAutomationOnly: true, conflicts: [] });
    const first = authorityActionOf(planRollback({ ...base, breached: [{ gate: 'schema-failure-spike' }] }));
    expect(first).toMatchObject({ level: 'level1', automation: ['flags', 'level1'], reducesAutomationOnly: false });
  });
});
