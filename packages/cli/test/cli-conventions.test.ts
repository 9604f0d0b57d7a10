// kubectl-style conventions against a real control plane (issue 14): get/describe with list/show
// kept, -o json|yaml|wide|name, apply -f DIR in kind order, apply --dry-run and diff, errors naming
// the object and its file:line once, the gate command, and releases watch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startServer, type RunningServer } from '@ripcord/server';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const token = 'cli-conventions-admin-token-0123';
const example = fs.readFileSync(path.join(root, 'examples/support-summary.yaml'), 'utf8');
/** The example's Release document alone, named `name`. */
const releaseDoc = (name: string) =>
  example.slice(example.indexOf('kind: Release')).replace('name: sonnet-5-tier', `name: ${name}`);

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-cli-conventions-'));
  server = await startServer(
    { port: 0, dataDir: path.join(dir, 'data'), logLevel: 'silent' },
    { RIPCORD_ADMIN_TOKEN: token },
    { announce: () => undefined },
  );
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], onLine?: (line: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => (out.push(s), onLine?.(s)), err: (s: string) => err.push(s) };
  const code = await main(args, io, { RIPCORD_SERVER: server.url, RIPCORD_TOKEN: token });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Writes files into a fresh directory under the test's; returns its path. */
function directory(name: string, files: Record<string, string>): string {
  const at = path.join(dir, name);
  fs.mkdirSync(at);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(at, file), text);
  return at;
}

describe('apply -f DIR, --dry-run and diff', () => {
  it('applies a directory Workflows first, then Bundles, then Releases, whatever the file names', async () => {
    // a-early.yaml sorts first but holds a Release of bundles that z-support.yaml creates.
    const deploy = directory('deploy', {
      'a-early.yaml': releaseDoc('early-bird'),
      'z-support.yaml': example,
      'notes.txt': 'not a document',
    });
    const r = await run(['apply', '-f', deploy, '-o', 'wide']);
    expect(r.code).toBe(0);
    // The server's warnings name the document's file and line too.
    expect(r.err).toMatch(/^warning: Release support-summary\/production\/early-bird \(.*a-early\.yaml:1\): plan: /);
    const rows = r.out.split('\n').slice(1);
    expect(rows.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'Workflow support-summary created',
      'Bundle support-summary/2026-04-10.1 created',
      'Bundle support-summary/2026-05-02.1 created',
      'Release support-summary/production/early-bird created',
      'Release support-summary/production/sonnet-5-tier created',
    ]);
    expect(rows[3]).toMatch(/a-early\.yaml:1$/);
    expect(rows[4]).toMatch(/z-support\.yaml:119$/);
    const empty = directory('empty', { 'readme.md': '#' });
    expect((await run(['apply', '-f', empty])).err).toBe(
      `error: ${empty}: a directory with no .yaml, .yml or .json files`,
    );
  });

  it('accepts the shipped examples/ folder as one apply (the alternative KServe variant sits in a subfolder)', async () => {
    const r = await run(['apply', '-f', path.join(root, 'examples'), '--dry-run']);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Workflow\s+ride-pricing\s/m);
    expect(r.out).toMatch(/^Release\s+ride-pricing\/production\/demand-gbm-42\s/m);
  });

  it('dry-runs on the server: says what would happen, changes nothing', async () => {
    const changed = directory('changed', {
      'release.yaml': releaseDoc('early-bird').replace('percent: 25', 'percent: 30'),
      'new.yaml': releaseDoc('late-bird'),
    });
    const dry = await run(['apply', '-f', changed, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Release\s+support-summary\/production\/late-bird\s+created \(dry run\)/);
    expect(dry.out).toMatch(/Release\s+support-summary\/production\/early-bird\s+updated \(dry run\)/);
    const names = (await run(['get', 'releases', '-o', 'name'])).out.split('\n');
    expect(names).not.toContain('release/support-summary/production/late-bird');
    const early = JSON.parse((await run(['describe', 'release', 'early-bird', '-o', 'json'])).out);
    expect(early.release.spec.plan[2].canary.percent).toBe(25);
  });

  it('diffs: what would be created or updated, and the changed fields with their lines (exit 1; 0 when none)', async () => {
    const file = path.join(
      directory('diff', { 'release.yaml': releaseDoc('early-bird').replace('percent: 25', 'percent: 30') }),
      'release.yaml',
    );
    const d = await run(['diff', '-f', file]);
    expect(d.code).toBe(1);
    expect(d.out).toBe(
      [
        `~ Release support-summary/production/early-bird (${file}:1): would be updated`,
        '    plan[2].canary.percent: 25 → 30  (line 10)',
        '0 to create, 1 to update, 0 unchanged',
      ].join('\n'),
    );
    const same = await run(['diff', '-f', path.join(root, 'examples/support-summary.yaml')]);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/0 to create, 0 to update, 4 unchanged$/);
  });

  it('names the object and its file:line in a refusal, and says it once', async () => {
    const bad = releaseDoc('bad-percent').replace('percent: 25', 'percent: 250');
    const file = path.join(directory('bad', { 'bad.yaml': bad }), 'bad.yaml');
    const line = bad.split('\n').findIndex((l) => l.includes('percent: 250')) + 1;
    const r = await run(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: Release support-summary/production/bad-percent \\(${file}:${line}\\): plan\\[2\\]\\.canary\\.percent: .+ \\[validation_failed\\]$`,
      ),
    );
    expect(r.err).not.toContain('documents[');
    const diff = await run(['diff', '-f', file]);
    expect(diff.code).toBe(3);
    expect(diff.err).toBe(lines[0]);
  });
});

describe('get and describe, -o', () => {
  it('lists and shows with get/describe, the old list/show, and the kubectl order', async () => {
    const viaGroup = await run(['releases', 'get']);
    expect(viaGroup.out).toBe((await run(['releases', 'list'])).out);
    expect(viaGroup.out).toBe((await run(['get', 'releases'])).out);
    expect(viaGroup.out.split('\n')[0]).toMatch(/^ID\s+WORKFLOW\s+ENV\s+NAME\s+STATUS\s+STAGE/);
    const described = await run(['releases', 'describe', 'early-bird']);
    expect(described.out).toMatch(/^rel_[0-9a-f]{12}\s+support-summary\/production\/early-bird: pending/);
    expect((await run(['releases', 'show', 'early-bird'])).out).toBe(described.out);
    expect((await run(['describe', 'rel', 'early-bird'])).out).toBe(described.out);
    expect((await run(['get', 'workflows'])).out).toMatch(/^NAME\s+TYPE\s+CRITICALITY/);
    expect((await run(['get', 'bundles', 'support-summary', '-o', 'name'])).out).toBe(
      'bundle/support-summary/2026-04-10.1\nbundle/support-summary/2026-05-02.1',
    );
  });

  it('prints json, yaml, wide and name; --json still works', async () => {
    const json = JSON.parse((await run(['get', 'release', 'early-bird', '-o', 'json'])).out);
    expect(json).toMatchObject({ name: 'early-bird', status: 'pending' });
    expect(JSON.parse((await run(['get', 'release', 'early-bird', '--json'])).out)).toEqual(json);
    expect(parse((await run(['get', 'release', 'early-bird', '-o', 'yaml'])).out)).toEqual(json);
    const wide = (await run(['get', 'releases', '-o', 'wide'])).out.split('\n')[0];
    expect(wide).toMatch(/CREATED\s+BY\s+STARTED\s+FINISHED$/);
    const names = (await run(['get', 'releases', '-o', 'name'])).out;
    expect(names.split('\n').sort()).toEqual([
      'release/support-summary/production/early-bird',
      'release/support-summary/production/sonnet-5-tier',
    ]);
    // What -o name prints is what a RELEASE argument takes.
    expect((await run(['describe', 'release', 'release/support-summary/production/early-bird'])).code).toBe(0);
    const refused = await run(['whoami', '-o', 'name']);
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.err).toContain('-o name lists objects; this command prints none');
    expect((await run(['get', 'releases', '-o', 'xml'])).code).toBe(2);
  });
});

describe('gates and releases watch', () => {
  beforeAll(async () => {
    await run(['labels', 'set', 'support-summary', 'production', '2026-04-10.1', '-e', 'production', '-r', 'baseline']);
    expect((await run(['releases', 'start', 'support-summary/production/sonnet-5-tier'])).code).toBe(0);
  });

  it("shows a release's gates, and overrides one only with a reason", async () => {
    const shown = await run(['gates', 'get', 'sonnet-5-tier']);
    expect(shown.code).toBe(0);
    const lines = shown.out.split('\n');
    expect(lines[0]).toMatch(
      /^support-summary\/production\/sonnet-5-tier \(running\): \d+ passing, \d+ breached, \d+ inconclusive$/,
    );
    expect(lines[1]).toMatch(/^GATE\s+STATE\s+VALUE\s+THRESHOLD\s+SAMPLES\s+SEVERITY\s+OVERRIDE$/);
    expect(shown.out).toMatch(/\nschema-failure-spike\s+inconclusive\s/);
    expect((await run(['get', 'gates', 'sonnet-5-tier', '-o', 'name'])).out).toMatch(/^gate\/schema-failure-spike$/m);
    const noReason = await run(['gates', 'override', 'sonnet-5-tier', 'schema-failure-spike', '--force', 'pass']);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toMatch(/required option '-r, --reason <reason>' not specified/);
    const forced = await run([
      'gates',
      'override',
      'sonnet-5-tier',
      'schema-failure-spike',
      '--force',
      'pass',
      '-r',
      'checked by hand',
    ]);
    expect(forced).toMatchObject({ code: 0, err: '' });
    expect(forced.out).toMatch(
      /^sonnet-5-tier: gate schema-failure-spike is passing \(override passing by admin \(RIPCORD_ADMIN_TOKEN\)\): /,
    );
    const audit = await run(['audit', 'log', '-o', 'json']);
    expect(JSON.parse(audit.out).entries.map((e: { action: string }) => e.action)).toContain('gate.overridden');
    const unknown = await run(['gates', 'override', 'sonnet-5-tier', 'no-such-gate', '--force', 'clear', '-r', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/gate no-such-gate of release sonnet-5-tier/);
  });

  it('watches the gate table until the release settles (here: aborted, exit 1)', async () => {
    let aborting: Promise<unknown> | undefined;
    const watched = await run(['releases', 'watch', 'sonnet-5-tier', '--interval', '0.05'], (line) => {
      // Once the first table is drawn, someone else aborts the release.
      if (aborting === undefined && line.startsWith('GATE'))
        aborting = run(['releases', 'abort', 'sonnet-5-tier', '-r', 'watch test']);
    });
    await aborting;
    expect(watched.code).toBe(1);
    expect(watched.out).toMatch(
      /^support-summary\/production\/sonnet-5-tier {2}running {2}stage 1\/4 offline 1000 tasks/,
    );
    expect(watched.out).toMatch(/\nschema-failure-spike\s+passing\s.*\s+passing\s/);
    expect(
      watched.out
        .split('\n')
        .filter((l) => l.startsWith('support-summary/'))
        .at(-1),
    ).toMatch(/ {2}aborted {2}/);
  });
});
