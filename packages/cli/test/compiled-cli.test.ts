// The compiled CLI (issue 12): bin/ripcord.js runs packages/cli/dist/, builds it when it is missing,
// rebuilds it when a source changed, and runs the TypeScript sources when a source cannot be built.
// Each test works on a copy of the package in a temporary directory (the real dist/ stays as the
// other tests use it), whose node_modules is this repository's.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let copy: string;
let pkg: string;

function ripcord(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(pkg, 'bin/ripcord.js'), ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const bundle = () => path.join(pkg, 'dist/main.js');
const builtFrom = () =>
  Object.keys((JSON.parse(fs.readFileSync(path.join(pkg, 'dist/inputs.json'), 'utf8')) as { files: object }).files);

function editSource(file: string, from: string, to: string): void {
  const full = path.join(pkg, file);
  const text = fs.readFileSync(full, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(full, text.replace(from, to));
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-compiled-cli-'));
  pkg = path.join(copy, 'packages/cli');
  for (const part of ['bin', 'scripts', 'src', 'package.json'])
    fs.cpSync(path.join(root, 'packages/cli', part), path.join(pkg, part), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

describe('the compiled CLI', () => {
  it('is built on the first start, then run as built, without the server or the demo in it', async () => {
    expect(fs.existsSync(bundle())).toBe(false);
    expect(await ripcord('--version')).toMatchObject({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const built = fs.statSync(bundle()).mtimeMs;
    const inputs = builtFrom();
    expect(inputs).toContain('src/main.ts');
    expect(inputs).toContain('src/commands/releases.ts');
    expect(inputs.filter((f) => f.includes('packages/server/') || f.startsWith('../server/'))).toEqual([]);
    expect(inputs.filter((f) => f.startsWith('src/demo/')).sort()).toEqual([
      'src/demo/demo-defaults.ts',
      'src/demo/scenarios.ts',
    ]);
    // yaml is in the file `apply` loads on demand, not in main.js.
    expect(fs.readFileSync(bundle(), 'utf8')).not.toContain('parseAllDocuments');
    // `demo` imports the demo from its TypeScript source, which is where the bundle looks for it.
    expect(fs.readFileSync(bundle(), 'utf8')).toContain('import("../src/demo/index.ts")');
    expect(fs.existsSync(path.join(pkg, 'dist', '../src/demo/index.ts'))).toBe(true);

    expect(await ripcord('--help')).toMatchObject({ code: 0, stderr: '' });
    expect(fs.statSync(bundle()).mtimeMs).toBe(built);
  });

  it('is rebuilt before it runs when a source changed', async () => {
    editSource('src/main.ts', ".version('0.1.0')", ".version('0.1.0-edited')");
    expect(await ripcord('--version')).toMatchObject({ code: 0, stdout: '0.1.0-edited\n', stderr: '' });
    expect(fs.readFileSync(bundle(), 'utf8')).toContain('0.1.0-edited');
  });

  it('runs the TypeScript sources, saying why, when a source cannot be built; then builds again', async () => {
    editSource('src/commands/operations.ts', 'const descriptions = {', 'const descriptions = {{');
    const broken = await ripcord('--version');
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(
      /ripcord: the compiled CLI could not be rebuilt \(.+\); running its TypeScript sources/,
    );
    expect(broken.stderr).toContain('operations.ts');

    editSource('src/commands/operations.ts', 'const descriptions = {{', 'const descriptions = {');
    expect(await ripcord('--version')).toMatchObject({ code: 0, stdout: '0.1.0-edited\n', stderr: '' });
  });
});
