/**
 * The whole story in a real browser (issue 18): sign in, watch a release whose candidate goes bad
 * under traffic from the real SDK, see the gate turn breached on its chart (live, no reload), the
 * level-2 rollback refused for the product owner and approved by on call, then the verification
 * and the incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, signIn, type Browser } from './browser.js';
import { PricingApp, releaseId, startFixture, type Fixture } from './fixture.js';

/** The page follows the server within a few seconds (the feed polls every second). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('the dashboard, end to end', () => {
  let f: Fixture;
  let browser: Browser;
  let app: PricingApp;
  beforeAll(async () => {
    [f, browser] = await Promise.all([startFixture(), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await f?.stop();
  });

  /** The serving-errors gate's chart on the page. */
  const chart = (page: Page) => page.locator('figure[data-gate="serving-errors"]');

  it('shows the gate breach live, refuses the wrong approver, and follows the rollback to its verified incident', async () => {
    const id = await releaseId(f, 'ride-pricing');
    await f.call('POST', `/v1/releases/${id}/start`);
    app = await PricingApp.start(f);
    await f.tick();

    const on = await browser.page();
    await signIn(on, f.url, f.tokens.engineer);
    // The token stays out of the address and lives in this tab's session storage.
    expect(on.url()).not.toContain(f.tokens.engineer);
    expect(await on.evaluate("sessionStorage.getItem('ripcord.token')")).toBe(f.tokens.engineer);
    await on.getByRole('link', { name: 'demand-gbm-42' }).click();
    await eventually(() => on.url()).toContain(`/ui/releases/${id}`);
    await on.locator('[data-feed="live"]').waitFor();

    // Healthy traffic: readings arrive on the chart without a reload.
    for (let round = 0; round < 2; round++) {
      await app.serve(8000, 0, round * 8000);
      await f.tick();
    }
    await eventually(async () => Number(await chart(on).getAttribute('data-readings'))).toBeGreaterThanOrEqual(3);
    expect(await chart(on).getAttribute('data-breached-points')).toBe('0');
    await eventually(() => on.locator('#gate-serving-errors [data-state]').first().getAttribute('data-state')).toBe(
      'passing',
    );

    // The candidate goes bad: half its requests fail.
    await app.serve(8000, 2, 20_000);
    await f.tick();
    await eventually(() => on.locator('#gate-serving-errors [data-state]').first().getAttribute('data-state')).toBe(
      'breached',
    );
    await eventually(async () => Number(await chart(on).getAttribute('data-breached-points'))).toBeGreaterThanOrEqual(
      1,
    );
    await expect(chart(on).locator('figcaption').textContent()).resolves.toMatch(/breached at/);
    const pending = on.getByRole('region', { name: /level2 rollback is waiting for approval/ });
    await pending.waitFor();
    await expect(pending.textContent()).resolves.toMatch(/on-call approval from team-pricing/);

    // The product owner's operator token may not approve it: the server refuses and the page says why.
    const product = await browser.page();
    await signIn(product, f.url, f.tokens.product, `/ui/releases/${id}`);
    await product.getByRole('button', { name: 'Approve rollback' }).click();
    await product.getByLabel('Reason (kept in the record)').fill('looks bad to me');
    await product.getByRole('button', { name: 'Confirm: approve rollback' }).click();
    await expect(product.getByRole('alert').textContent()).resolves.toMatch(
      /pm-marketplace may not approve.*403 forbidden/s,
    );

    // On call approves it, with the keyboard.
    await on.getByRole('button', { name: 'Approve rollback' }).focus();
    await on.keyboard.press('Enter');
    await on.getByLabel('Reason (kept in the record)').fill('serving errors at 50 %, on call approves');
    await on.keyboard.press('Enter');
    await eventually(() => on.locator('h1 [data-state]').getAttribute('data-state')).toBe('rolled-back');
    await expect(pending.count()).resolves.toBe(0);

    // Traffic now served by control; ticks until the server has verified the restore.
    for (let round = 0; round < 8; round++) {
      await app.serve(8000, 0, 40_000 + round * 8000);
      await f.tick(60_000);
      const { incidents } = await f.call('GET', '/v1/incidents');
      if (incidents[0]?.status !== 'verifying') break;
    }
    await on.getByRole('link', { name: /^inc_/ }).first().click();
    await eventually(() => on.locator('h1 [data-state]').getAttribute('data-state')).toBe('verified');
    const verification = on.getByRole('region', { name: 'Verification (R7.2)', exact: true });
    await expect(verification.textContent()).resolves.toMatch(/passing serving-errors/);
    const incidentId = on.url().split('/').pop()!;
    const { metrics } = await f.call('GET', `/v1/incidents/${incidentId}`);
    expect(metrics.mttdMs).toBeGreaterThan(0);
    await expect(on.getByRole('region', { name: 'Measures (R8.2)', exact: true }).textContent()).resolves.toContain(
      `MTTD${Math.round(metrics.mttdMs / 1000)} s`,
    );
    await on.getByRole('link', { name: /^run_/ }).click();
    await eventually(() => on.locator('h1 [data-state]').getAttribute('data-state')).toBe('succeeded');
    expect(browser.errors).toEqual([]);
    // A real browser, a real server and SDK traffic: ~30 s on an idle machine, longer on a busy one.
  }, 240_000);
});
