import { describe, expect, it } from 'vitest';
import { zodDetails } from '../../../validation.js';
import { DEFAULT_COOLDOWN, releaseSchema } from './release-schema.js';
import { exampleDocuments, type ExampleName } from './test-fixtures.js';

const rawRelease = (name: ExampleName): Record<string, unknown> => {
  const doc = exampleDocuments(name).find((d) => d['kind'] === 'Release');
  if (doc === undefined) throw new Error('no Release');
  return doc;
};

/** Paths of every issue for `patch` applied to the support-summary release. */
function issuesFor(patch: Record<string, unknown>): { path: string | undefined; message: string }[] {
  const result = releaseSchema.safeParse({ ...rawRelease('support-summary'), ...patch });
  if (result.success) return [];
  return zodDetails(result.error).map((d) => ({ path: d.path, message: d.message }));
}

function pathsFor(patch: Record<string, unknown>): (string | undefined)[] {
  return issuesFor(patch).map((i) => i.path);
}

const canary = (percent: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  canary: { percent, bake: '30m', ...extra },
});

describe('Release examples', () => {
  it.each(['ride-pricing', 'support-summary'] as const)('%s parses unchanged (only defaults are added)', (name) => {
    const raw = rawRelease(name);
    const result = releaseSchema.safeParse(raw);
    expect(result.success ? [] : zodDetails(result.error)).toEqual([]);
    expect(result.data).toEqual({ ...raw, evidence: raw['evidence'] ?? [] });
  });

  it('defaults cooldown to 72h and automatic/evidence to empty lists', () => {
    const raw = { ...rawRelease('support-summary') };
    delete raw['cooldown'];
    delete raw['automatic'];
    delete raw['evidence'];
    const release = releaseSchema.parse(raw);
    expect(release.cooldown).toBe(DEFAULT_COOLDOWN);
    expect(DEFAULT_COOLDOWN).toBe('72h');
    expect(release.automatic).toEqual([]);
    expect(release.evidence).toEqual([]);
  });

  it('accepts a staff-only segment stage before the population canaries, and test/alpha', () => {
    const plan = [canary(100, { segment: 'staff' }), canary(1), canary(5), { promote: {} }];
    expect(issuesFor({ plan, test: 'both', alpha: 0.01 })).toEqual([]);
  });
});

describe('Release cross-field rules report precise paths', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['candidate equal to control', { candidate: '2026-04-10.1' }, 'candidate'],
    ['a plan not ending with promote', { plan: [canary(5), canary(10)] }, 'plan[1]'],
    ['promote in the middle', { plan: [canary(5), { promote: {} }, canary(10), { promote: {} }] }, 'plan[1].promote'],
    [
      'percents not increasing',
      { plan: [canary(5), canary(25), canary(25), { promote: {} }] },
      'plan[2].canary.percent',
    ],
    ['percent 0', { plan: [canary(0), { promote: {} }] }, 'plan[0].canary.percent'],
    ['percent above 100', { plan: [canary(150), { promote: {} }] }, 'plan[0].canary.percent'],
    ['two kinds in one stage', { plan: [{ ...canary(5), promote: {} }, { promote: {} }] }, 'plan[0]'],
    ['an empty stage', { plan: [{}, canary(5), { promote: {} }] }, 'plan[0]'],
    [
      'offline after a canary',
      { plan: [canary(5), { offline: { tasks: 10, dataset: 'd' } }, { promote: {} }] },
      'plan[1].offline',
    ],
    [
      'a segment stage after the population',
      { plan: [canary(5), canary(50, { segment: 'staff' }), { promote: {} }] },
      'plan[1].canary.segment',
    ],
    ['no canary at all', { plan: [{ offline: { tasks: 10, dataset: 'd' } }, { promote: {} }] }, 'plan'],
    ['a bad bake', { plan: [{ canary: { percent: 5, bake: 'soon' } }, { promote: {} }] }, 'plan[0].canary.bake'],
    [
      'an unknown component in firstRollback',
      { firstRollback: { restore: ['modelRoute', 'weights'] } },
      'firstRollback.restore[1]',
    ],
    ['a component listed twice', { firstRollback: { restore: ['prompt', 'prompt'] } }, 'firstRollback.restore[1]'],
    ['level 5', { firstRollback: { level: 5 } }, 'firstRollback.level'],
    [
      'level 1 restoring a feature pipeline',
      { firstRollback: { level: 1, restore: ['model', 'featurePipeline'] } },
      'firstRollback.level',
    ],
    ['firstRollback chaining itself', { firstRollback: { pause: true, then: 'firstRollback' } }, 'firstRollback.then'],
    [
      'an invalid action mode',
      { firstRollback: { set: { 'ai.action.mode': 'yolo' } } },
      'firstRollback.set.ai.action.mode',
    ],
    [
      'tools enabled as a string',
      { firstRollback: { set: { 'ai.tools.enabled': 'no' } } },
      'firstRollback.set.ai.tools.enabled',
    ],
    ['a bad flag key', { firstRollback: { set: { '9lives': true } } }, 'firstRollback.set.9lives'],
    ['no gates without a waiver', { gates: 'none-accepted' }, 'gatesWaiver'],
    ['a waiver beside gates', { gatesWaiver: { reason: 'why not' } }, 'gatesWaiver'],
    ['an empty gate list', { gates: [] }, 'gates'],
    ['gates as another word', { gates: 'none' }, 'gates'],
    ['an unknown automatic level', { automatic: ['level5'] }, 'automatic[0]'],
    ['a duplicate automatic level', { automatic: ['flags', 'flags'] }, 'automatic[1]'],
    ['a duplicate evidence kind', { evidence: ['traceIds', 'traceIds'] }, 'evidence[1]'],
    [
      'an unknown authority role',
      { authority: { flipFlags: 'janitor', reduceAutomation: 'incidentCommander' } },
      'authority.flipFlags',
    ],
    ['a bad cooldown', { cooldown: 'three days' }, 'cooldown'],
    ['an unquoted numeric version', { control: 41 }, 'control'],
    ['alpha above 0.5', { alpha: 0.9 }, 'alpha'],
  ])('%s', (_, patch, path) => {
    expect(pathsFor(patch)).toContain(path);
  });

  it('reports gate errors at the path inside gates', () => {
    const raw = rawRelease('support-summary');
    const gates = structuredClone(raw['gates']) as Record<string, unknown>[];
    gates[1] = { ...gates[1], action: { restore: ['modelRoute', 'gpu'] } };
    gates[2] = { ...gates[2], candidate: { above: 'lots' } };
    const paths = pathsFor({ gates });
    expect(paths).toContain('gates[2].candidate.above');
    expect(paths).toContain('gates[1].action.restore[1]');
  });

  it('accepts gates: none-accepted with a reason', () => {
    expect(issuesFor({ gates: 'none-accepted', gatesWaiver: { reason: 'internal demo, no users' } })).toEqual([]);
    expect(pathsFor({ gates: 'none-accepted', gatesWaiver: { reason: '   ' } })).toEqual(['gatesWaiver.reason']);
  });

  it('refuses unknown fields', () => {
    const issues = issuesFor({ rollbackTo: 'yesterday' });
    expect(issues.map((i) => i.message)).toEqual(['unknown field "rollbackTo"']);
  });

  it('names the previous percent when canaries do not rise', () => {
    const [issue] = issuesFor({ plan: [canary(25), canary(5), { promote: {} }] });
    expect(issue).toEqual({ path: 'plan[1].canary.percent', message: "must be above the previous stage's 25 %" });
  });
});
