/**
 * A real browser for the dashboard tests: Debian's chromium (`apt-get install -y chromium`; .ci/run
 * installs it) driven by playwright-core, which never downloads a browser. Each launch gets a new,
 * empty profile directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A launched browser: new pages (tabs, so each has its own session storage) and the errors they raised. */
export interface Browser {
  context: BrowserContext;
  page(): Promise<Page>;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Launches chromium at 1280×800 with a fresh profile; fails with the fix when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // The profile directory is the new, empty --user-data-dir.
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    p.on('console', (m) => {
      // A refused request (the tests provoke 403s) is logged by the browser; the page shows it in words.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
    });
  };
  return {
    context,
    errors,
    page: async () => {
      const p = await context.newPage();
      watch(p);
      return p;
    },
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs a page in with `token` at `url`/ui/ and waits for the workflows. */
export async function signIn(page: Page, url: string, token: string, at = '/ui/'): Promise<void> {
  await page.goto(`${url}${at}`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Where screenshots go: docs/dashboard/ when RIPCORD_DASHBOARD_SCREENSHOTS=docs, else a temporary folder. */
export function screenshotDir(): string {
  if (process.env.RIPCORD_DASHBOARD_SCREENSHOTS === 'docs') {
    const dir = path.resolve(import.meta.dirname, '../../../docs/dashboard');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-screens-'));
}
