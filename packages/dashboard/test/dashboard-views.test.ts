/**
 * Each view of the dashboard in a real browser (issue 18), reached by its deep link: what it shows,
 * that it fits 1280×800 and a phone, times in the viewer's zone with UTC on hover, keyboard and
 * labels, and what viewer and workflow-scoped tokens may see and do. Takes the screenshots of
 * docs/dashboard.md (into docs/dashboard/ with RIPCORD_DASHBOARD_SCREENSHOTS=docs).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotDir, signIn, type Browser } from './browser.js';
import { approveAndVerify, breakRidePricing, PricingApp, startFixture, type Fixture } from './fixture.js';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe('the dashboard views', () => {
  let f: Fixture;
  let browser: Browser;
  let app: PricingApp;
  let admin: Page;
  let releaseId: string;
  const shots = screenshotDir();
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });

  /** Opens a deep link and waits for its heading. */
  async function open(page: Page, at: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${f.url}${at}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await eventually(() => page.getByText('Loading…').count()).toBe(0);
  }

  /** The page does not scroll sideways (wide tables scroll inside their own region). */
  // True when nothing widens the page; otherwise the elements that stick out (tag#id.class and
  // their right edge), so a failure says what to fix.
  const fits = (page: Page) =>
    page.evaluate(`document.documentElement.scrollWidth <= window.innerWidth + 1 || [...document.querySelectorAll('main *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-5)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))
      .join('; ')`);

  beforeAll(async () => {
    [f, browser] = await Promise.all([startFixture(), launchBrowser()]);
    app = await PricingApp.start(f);
    releaseId = await breakRidePricing(f, app);
    admin = await browser.page();
    await signIn(admin, f.url, f.tokens.admin);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await f?.stop();
  });

  it('signs in only with a token the server knows, and keeps it out of the address', async () => {
    const page = await browser.page();
    await page.goto(`${f.url}/ui/`);
    await shot(page, 'sign-in');
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/unknown or revoked token/);
    await page.getByLabel('Token').fill(f.tokens.sdk);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toMatch(/SDK token/);
    await signIn(page, f.url, f.tokens.viewer);
    expect(page.url()).toBe(`${f.url}/ui/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('ripcord.token')")).toBeNull();
    await page.close();
  });

  it('workflows: what production serves, the rollback estimate, the active release, in the viewer’s time zone', async () => {
    await open(admin, '/ui/', 'Workflows');
    const row = admin.getByRole('row', { name: /ride-pricing/ });
    await expect(row.textContent()).resolves.toMatch(/41.*level 2: typically 5 min.*demand-gbm-42.*paused/s);
    // Europe/Berlin is UTC+2 in May: 09:00 UTC reads 11:00, UTC on hover.
    const time = row.locator('time').first();
    await expect(time.getAttribute('title')).resolves.toBe('2026-05-02 09:00:00 UTC');
    await expect(time.textContent()).resolves.toContain('11:00:00');
    await shot(admin, 'workflows');
    await open(admin, '/ui/workflows/ride-pricing', 'ride-pricing');
    await expect(admin.getByRole('region', { name: 'Owners', exact: true }).textContent()).resolves.toMatch(
      /engineeringteam-pricing/,
    );
    await shot(admin, 'workflow');
  });

  it('a live release: stages, gates with their charts, the waiting rollback and who may approve it', async () => {
    await open(admin, `/ui/releases/${releaseId}`, /demand-gbm-42/);
    await expect(admin.getByRole('region', { name: 'Stages', exact: true }).textContent()).resolves.toMatch(
      /canary 1 % of traffic/,
    );
    const gate = admin.locator('#gate-serving-errors');
    await expect(gate.locator('[data-state]').first().getAttribute('data-state')).resolves.toBe('breached');
    await expect(gate.textContent()).resolves.toMatch(/✕ breached.*candidate error rate .* \(breach above 5\.0 %\)/s);
    await eventually(() => gate.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    await expect(admin.getByRole('region', { name: /waiting for approval/ }).textContent()).resolves.toMatch(
      /team-pricing, team-ml-platform, oncall-ic/,
    );
    await expect(
      admin.getByRole('region', { name: 'Decisions and their evidence', exact: true }).textContent(),
    ).resolves.toMatch(/rollback-now.*serving-errors breached/s);
    await shot(admin, 'release');
    await admin.locator('#gates').evaluate((el) => el.scrollIntoView());
    await shot(admin, 'release-gates');
    await gate.screenshot({ path: path.join(shots, 'gate-chart.png') });
    // The chart's readings are a table too.
    await gate.getByText('Readings as a table').click();
    await eventually(() => gate.locator('details table tbody tr').count()).toBeGreaterThanOrEqual(4);
    // A gate has its own address.
    await admin.goto(`${f.url}/ui/releases/${releaseId}#gate-serving-errors`);
    await admin.locator('#gate-serving-errors').waitFor();
    await admin.setViewportSize(PHONE);
    await expect(fits(admin)).resolves.toBe(true);
    await shot(admin, 'release-phone');
    await admin.setViewportSize(DESKTOP);
  });

  it('overrides a gate both ways with a reason, through the API', async () => {
    const page = await browser.page();
    await signIn(page, f.url, f.tokens.engineer, '/ui/releases/');
    await open(page, '/ui/releases/' + releaseId, /demand-gbm-42/);
    const gate = page.locator('#gate-latency-blowup');
    await gate.getByRole('button', { name: 'Force breached' }).click();
    await gate.getByLabel('Reason (kept in the record)').fill('customers report slow prices');
    await gate.getByRole('button', { name: 'Confirm: force breached' }).click();
    await eventually(() => gate.textContent()).toMatch(
      /forced breached by team-pricing.*customers report slow prices/s,
    );
    await gate.getByRole('button', { name: 'Clear override' }).click();
    await gate.getByLabel('Reason (kept in the record)').fill('false alarm');
    await gate.getByRole('button', { name: 'Confirm: clear override' }).click();
    await eventually(() => gate.getByRole('button', { name: 'Force passing' }).count()).toBe(1);
    const { entries } = await f.call('GET', '/v1/audit?limit=5000');
    const actions = entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('gate.overridden');
    expect(actions).toContain('gate.override.cleared');
    await page.close();
  });

  it('rolls back by hand after showing the plan and what authority says', async () => {
    const support = await f.call('GET', '/v1/releases?workflow=support-summary');
    const id = support.releases[0].id as string;
    await f.call('POST', `/v1/releases/${id}/start`);
    await f.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 1000 });
    await f.tick();
    const page = await browser.page();
    await signIn(page, f.url, f.tokens.supportEngineer, `/ui/releases/${id}`);
    await page.getByRole('heading', { level: 1, name: /sonnet-5-tier/ }).waitFor();
    const plan = page.getByRole('region', { name: 'The rollback it would run now', exact: true });
    await eventually(() => plan.textContent()).toMatch(/level1.*restore modelRoute.*you may run it/s);
    await plan.getByRole('button', { name: 'Roll back now' }).click();
    await expect(plan.getByRole('form', { name: 'Roll back now' }).textContent()).resolves.toMatch(
      /This runs the plan above \(level1/,
    );
    await plan.getByLabel('Reason (kept in the record)').fill('tour: roll back by hand');
    await plan.getByRole('button', { name: 'Confirm: roll back now' }).click();
    await eventually(() => page.locator('h1 [data-state]').getAttribute('data-state')).toBe('rolled-back');
    await eventually(() => page.getByRole('link', { name: /^run_/ }).count()).toBe(1);
    await page.close();
  });

  it('rollback run, incident, bundles, operations and the audit log', async () => {
    await approveAndVerify(f, app, releaseId);
    const { runs } = await f.call('GET', `/v1/rollbacks?release=${releaseId}`);
    await open(admin, `/ui/rollbacks/${runs[0].id}`, /Rollback run/);
    await expect(admin.getByRole('region', { name: 'Steps', exact: true }).textContent()).resolves.toMatch(
      /restore featurePipeline: fp-13 → fp-12/,
    );
    await expect(
      admin.getByRole('region', { name: 'Verification (R7.2)', exact: true }).textContent(),
    ).resolves.toMatch(/verified/);
    await shot(admin, 'rollback-run');
    const { incidents } = await f.call('GET', '/v1/incidents');
    const incident = incidents.find((i: { releaseId: string }) => i.releaseId === releaseId);
    await open(admin, `/ui/incidents/${incident.id}`, /Incident/);
    await expect(admin.getByRole('region', { name: 'Measures (R8.2)', exact: true }).textContent()).resolves.toMatch(
      /Blast radius\d+ requests/,
    );
    await expect(
      admin.getByRole('region', { name: 'The procedure (R7.1)', exact: true }).textContent(),
    ).resolves.toMatch(/Detected.*Restored.*Verified/s);
    // The evidence the decision kept: the breached gate, its sentence and its samples.
    await expect(admin.getByRole('region', { name: 'Evidence of serving-errors' }).textContent()).resolves.toMatch(
      /breached.*serving-errors.*candidate error rate/s,
    );
    await shot(admin, 'incident');
    await open(admin, '/ui/workflows/ride-pricing/bundles?from=41&to=42', /bundles/);
    await expect(
      admin.getByRole('region', { name: 'What changes between two bundles', exact: true }).textContent(),
    ).resolves.toMatch(/featurePipeline.*version.*fp-12.*fp-13/s);
    await expect(
      admin.getByRole('region', { name: 'Label history (R1.3)', exact: true }).textContent(),
    ).resolves.toMatch(/\(none\) → 41/);
    await shot(admin, 'bundles');
    await open(admin, '/ui/workflows/ride-pricing/bundles/42', /bundle 42/);
    await open(admin, '/ui/audit', 'Audit log');
    await expect(
      admin.getByRole('region', { name: 'Verification of the hash chain', exact: true }).textContent(),
    ).resolves.toMatch(/verified.*none was edited, inserted or deleted/s);
    await shot(admin, 'audit');
    for (const at of [
      '/ui/',
      '/ui/releases',
      '/ui/incidents',
      '/ui/audit',
      '/ui/workflows/ride-pricing/bundles?from=41&to=42',
    ]) {
      await admin.setViewportSize(PHONE);
      await admin.goto(`${f.url}${at}`);
      await admin.getByRole('heading', { level: 1 }).waitFor();
      await expect(fits(admin), at).resolves.toBe(true);
    }
    await admin.setViewportSize(DESKTOP);
  });

  it('incident: the customer message, suggested in plain words, recorded by an operator, live for a viewer', async () => {
    const { incidents } = await f.call('GET', '/v1/incidents');
    const id = incidents.find((i: { releaseId: string }) => i.releaseId === releaseId).id as string;
    const [engineer, viewer] = [await browser.page(), await browser.page()];
    await signIn(engineer, f.url, f.tokens.engineer, `/ui/incidents/${id}`);
    await signIn(viewer, f.url, f.tokens.viewer, `/ui/incidents/${id}`);
    const panel = (p: Page) => p.getByRole('region', { name: 'Customer message (R7.4)', exact: true });
    await eventually(() => panel(viewer).textContent()).toMatch(/Nothing recorded yet.*ripcord's suggestion/s);
    await expect(panel(viewer).getByRole('button', { name: 'Record as sent' }).count()).resolves.toBe(0);
    const text = engineer.getByLabel('Message to customers');
    await eventually(() => text.inputValue()).toMatch(/^Known workflow issue: .*You do not need to do anything\.$/s);
    await expect(text.inputValue()).resolves.not.toMatch(/demand-gbm|fp-13|ride-pricing/);
    await expect(engineer.getByLabel('R7.4 template it follows').inputValue()).resolves.toBe('known-issue');
    await text.fill('Known workflow issue: some prices were off for a few minutes; they are right again.');
    await engineer.getByLabel('Reason (kept in the record; optional)').fill('support sent it by mail');
    await engineer.getByRole('button', { name: 'Record as sent' }).click();
    await eventually(() => panel(engineer).getByRole('status').textContent()).toMatch(/Recorded version 1 \(sent\)/);
    // The viewer's page follows without a reload.
    await eventually(() => panel(viewer).textContent()).toMatch(
      /sent to customers version 1, by team-pricing.*support sent it by mail.*some prices were off/s,
    );
    // Communication is a step of the procedure (R7.1).
    await eventually(() =>
      viewer.getByRole('region', { name: 'The procedure (R7.1)', exact: true }).textContent(),
    ).toMatch(/Verified.*Customers told \(by team-pricing\)/s);
    const { entries } = await f.call('GET', '/v1/audit?limit=5000');
    expect(entries.map((e: { action: string }) => e.action)).toContain('incident.customer-message.recorded');
    await panel(engineer).screenshot({ path: path.join(shots, 'customer-message.png') });
    // The evidence its decision kept, with the samples.
    await expect(engineer.getByRole('region', { name: 'Evidence', exact: true }).textContent()).resolves.toMatch(
      /rollback-now.*serving-errors/s,
    );
    await engineer.setViewportSize(PHONE);
    await expect(fits(engineer)).resolves.toBe(true);
    await engineer.close();
    await viewer.close();
  });

  it('operations: effectiveness over a period, drills (one run from the page, its steps), the runbook', async () => {
    // support-summary gets something to drill: production on the newer bundle, and the staff segment.
    const SS = '/v1/workflows/support-summary/environments/production';
    await f.call('PUT', `${SS}/labels/production`, { version: '2026-05-02.1', reason: 'promoted' });
    await f.call('PUT', `${SS}/segments/staff`, {
      conditions: [{ attribute: 'staff', op: 'eq', value: true }],
      reason: 'drill segment',
    });
    await open(admin, '/ui/operations', 'Operations');
    const effectiveness = admin.getByRole('region', { name: 'Effectiveness metrics (R8.2)', exact: true });
    await eventually(() => effectiveness.textContent()).toMatch(/Every workflow.*MTTD.*p90.*target.*ride-pricing/s);
    await expect(effectiveness.textContent()).resolves.toMatch(/target (met|missed)/);
    const ss = admin.getByRole('region', { name: 'support-summary (production)', exact: true });
    await expect(ss.textContent()).resolves.toMatch(/none passed.*due \(every 30d\)/s);
    await ss.getByRole('button', { name: 'Run a drill of support-summary' }).click();
    await ss.getByLabel('Reason (kept in the record)').fill('monthly drill');
    await ss.getByRole('button', { name: 'Confirm: run a drill of support-summary' }).click();
    await admin.getByRole('heading', { level: 1, name: /^Drill drill_/ }).waitFor();
    expect(admin.url()).toMatch(/\/ui\/drills\/drill_[0-9a-f]{12}$/);
    await expect(admin.locator('h1 [data-state]').getAttribute('data-state')).resolves.toBe('passed');
    await expect(admin.getByRole('region', { name: 'Steps', exact: true }).textContent()).resolves.toMatch(
      /rollback.*verify.*restore.*verify-restore/s,
    );
    await shot(admin, 'drill');
    const drillUrl = admin.url();
    await open(admin, '/ui/operations', 'Operations');
    await eventually(() => ss.textContent()).toMatch(/passed .*drill_.*level 1/s);
    await expect(admin.getByRole('region', { name: 'Drills (R8.1)', exact: true }).textContent()).resolves.toMatch(
      /drill_.*support-summary \(production\).*passed/s,
    );
    await shot(admin, 'operations');
    // A period is a link.
    await effectiveness.getByRole('link', { name: 'last 7d' }).click();
    await eventually(() => admin.url()).toMatch(/\/ui\/operations\?since=7d#effectiveness$/);
    await eventually(() => effectiveness.getByRole('link', { name: 'last 7d' }).getAttribute('aria-current')).toBe(
      'page',
    );
    // The runbook and its decision matrix, linked from the workflow.
    await open(admin, '/ui/workflows/ride-pricing', 'ride-pricing');
    await admin.getByRole('link', { name: /Runbook and decision matrix \(production\)/ }).click();
    await admin.getByRole('heading', { level: 1, name: 'Runbook of ride-pricing (production)' }).waitFor();
    await expect(admin.getByRole('region', { name: 'Decision matrix', exact: true }).textContent()).resolves.toMatch(
      /serving-errors.*roll back now/s,
    );
    await expect(
      admin.getByRole('region', { name: 'Procedure per level', exact: true }).textContent(),
    ).resolves.toMatch(/level2/);
    await shot(admin, 'runbook');
    for (const at of ['/ui/operations', new URL(drillUrl).pathname, '/ui/workflows/ride-pricing/runbook']) {
      await admin.setViewportSize(PHONE);
      await admin.goto(`${f.url}${at}`);
      await admin.getByRole('heading', { level: 1 }).waitFor();
      await eventually(() => admin.getByText('Loading…').count()).toBe(0);
      await expect(fits(admin), at).resolves.toBe(true);
    }
    await admin.setViewportSize(DESKTOP);
  });

  it('is usable with the keyboard, and every control has a label', async () => {
    await open(admin, `/ui/releases/${releaseId}`, /demand-gbm-42/);
    await admin.keyboard.press('Tab');
    await expect(admin.evaluate('document.activeElement.textContent')).resolves.toBe('Skip to content');
    const unlabelled = () =>
      admin.evaluate(`[...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim()).length`);
    expect(await unlabelled()).toBe(0);
    const { incidents } = await f.call('GET', '/v1/incidents');
    for (const [at, heading] of [
      ['/ui/operations', 'Operations'],
      [`/ui/incidents/${incidents[0].id}`, /Incident/],
    ] as const) {
      await open(admin, at, heading);
      await admin.getByRole('button').first().waitFor();
      expect(await unlabelled(), at).toBe(0);
    }
    await open(admin, `/ui/releases/${releaseId}`, /demand-gbm-42/);
    // States are words and icons, never colour alone.
    const states = await admin.locator('[data-state]').allTextContents();
    expect(states.length).toBeGreaterThan(0);
    for (const s of states) expect(s).toMatch(/[a-z]/);
  });

  it('a viewer sees everything and cannot act', async () => {
    const page = await browser.page();
    await signIn(page, f.url, f.tokens.viewer);
    await open(page, `/ui/releases/${releaseId}`, /demand-gbm-42/);
    await eventually(() => page.getByText('Your token is read-only').count()).toBe(1);
    for (const name of ['Pause', 'Resume', 'Abort', 'Promote', 'Roll back now', 'Force breached', 'Approve rollback'])
      await expect(page.getByRole('button', { name }).count()).resolves.toBe(0);
    await open(page, '/ui/operations', 'Operations');
    await expect(page.getByRole('button', { name: /^Run / }).count()).resolves.toBe(0);
    await page.close();
  });

  it('a workflow-scoped token sees only its workflows', async () => {
    const page = await browser.page();
    await signIn(page, f.url, f.tokens.scoped);
    await open(page, '/ui/', 'Workflows');
    await eventually(() => page.getByRole('row', { name: /support-summary/ }).count()).toBe(1);
    await expect(page.getByRole('row', { name: /ride-pricing/ }).count()).resolves.toBe(0);
    await open(page, '/ui/releases', 'Releases');
    await expect(page.getByRole('link', { name: 'demand-gbm-42' }).count()).resolves.toBe(0);
    await eventually(() => page.getByRole('link', { name: 'sonnet-5-tier' }).count()).toBe(1);
    await open(page, '/ui/incidents', 'Incidents');
    const { incidents } = await f.call('GET', '/v1/incidents');
    for (const i of incidents as { id: string; releaseId: string }[])
      await eventually(() => page.getByRole('link', { name: i.id }).count()).toBe(i.releaseId === releaseId ? 0 : 1);
    await open(page, '/ui/operations', 'Operations');
    const effectiveness = page.getByRole('region', { name: 'Effectiveness metrics (R8.2)', exact: true });
    await eventually(() => effectiveness.textContent()).toMatch(/support-summary.*MTTD/s);
    await expect(effectiveness.textContent()).resolves.not.toMatch(/ride-pricing|Every workflow/);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.goto(`${f.url}/ui/releases/${releaseId}`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not scoped to ride-pricing.*403 forbidden/s);
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
