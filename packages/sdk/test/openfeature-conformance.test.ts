/**
 * OpenFeature's own gherkin suites (vendored in conformance/gherkin with their license and spec
 * commit) against ripcord's provider on a real server. Every scenario passes, except those listed
 * in NOT_APPLICABLE (and in docs/sdk.md with the same reason): they run too, and must still fail,
 * so a scenario that starts passing is taken off the list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRealServer, type RealServer } from '../../server/test/real-server.js';
import { loadScenarios, runScenario, type Scenario } from './conformance/gherkin-runner.js';
import { currentSteps } from './conformance/conformance-steps.js';
import { legacySteps } from './conformance/conformance-legacy-steps.js';
import { defineConformanceFlags, startFixtures, type Fixtures, type World } from './conformance/conformance-world.js';

const FEATURES = ['evaluation', 'evaluation_v2', 'hooks', 'metadata'];

/** Scenario name prefix → why it does not apply to ripcord (docs/sdk.md § OpenFeature conformance). */
export const NOT_APPLICABLE: Record<string, string> = {
  'CACHED reason':
    'ripcord evaluates every flag locally from its snapshot and caches no evaluation; CACHED means the snapshot came from the cache file and the server has not confirmed it yet',
};

const scenarios: Scenario[] = FEATURES.flatMap((f) =>
  loadScenarios(path.join(import.meta.dirname, `conformance/gherkin/${f}.feature`), f),
);
const steps = [...currentSteps, ...legacySteps];
const reasonFor = (s: Scenario) => Object.entries(NOT_APPLICABLE).find(([prefix]) => s.name.startsWith(prefix))?.[1];

let server: RealServer;
let fixtures: Fixtures;
beforeAll(async () => {
  server = await startRealServer();
  await defineConformanceFlags(server);
  fixtures = await startFixtures(server);
}, 120_000);
afterEach(() => OpenFeature.clearProviders());
afterAll(async () => {
  await OpenFeature.close();
  await fixtures?.close();
  await server?.stop();
});

function world(): World {
  return {
    fixtures,
    client: OpenFeature.getClient('unset'),
    flag: { key: '', type: 'string', fallback: '' },
    context: {},
    original: undefined,
    details: undefined,
    value: undefined,
    pending: undefined,
    calls: [],
    optionHooks: false,
  };
}

for (const feature of FEATURES) {
  describe(`OpenFeature ${feature}.feature`, () => {
    for (const scenario of scenarios.filter((s) => s.feature === feature)) {
      const reason = reasonFor(scenario);
      if (reason === undefined) it(scenario.name, () => runScenario(scenario, steps, world()));
      else it.fails(`${scenario.name} [not applicable: ${reason}]`, () => runScenario(scenario, steps, world()));
    }
  });
}

describe('the conformance list', () => {
  it('runs every scenario of the four suites, and docs/sdk.md lists each one that does not apply with its reason', () => {
    expect(scenarios.length).toBeGreaterThan(80);
    const doc = fs.readFileSync(path.join(import.meta.dirname, '../../../docs/sdk.md'), 'utf8');
    for (const [name, reason] of Object.entries(NOT_APPLICABLE)) {
      expect(scenarios.some((s) => s.name.startsWith(name))).toBe(true);
      expect(doc).toContain(name);
      expect(doc).toContain(reason);
    }
  });
});
