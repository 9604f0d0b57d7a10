// Which CLI this process runs (issue 12; README, Development): the compiled bundle in
// packages/cli/dist/ while it matches its sources; after a source changed, a fresh build of it; and
// when it cannot be built (no esbuild, or a source esbuild rejects), the TypeScript sources via tsx.
import fs from 'node:fs';
import path from 'node:path';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bundle = path.join(packageDir, 'dist', 'main.js');
const inputs = path.join(packageDir, 'dist', 'inputs.json');

/**
 * Loads the CLI's main module (`main`, `endQuietlyOnClosedPipe`, ...).
 * @param {{ err?: (line: string) => void }} [io]
 * @returns {Promise<typeof import('../src/main.ts')>}
 */
export async function loadCli(io = { err: (line) => process.stderr.write(`${line}\n`) }) {
  if (isFresh()) return import(pathToFileURL(bundle).href);
  let problem;
  try {
    const { buildCli } = await import('../scripts/build-cli.js');
    await buildCli();
    return import(pathToFileURL(bundle).href);
  } catch (error) {
    problem = error;
  }
  // Without esbuild (an install without dev dependencies) this is the way the CLI runs; a source
  // esbuild rejects is said in one line, and the sources then report it as they would under tsx.
  if (problem?.code !== 'ERR_MODULE_NOT_FOUND' || !String(problem.message).includes("'esbuild'"))
    io.err(`ripcord: the compiled CLI could not be rebuilt (${firstLine(problem)}); running its TypeScript sources`);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/main.ts');
}

/** Whether dist/main.js was built from the files as they are now (each input's change time and size). */
function isFresh() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputs, 'utf8')).files;
  } catch {
    return false;
  }
  for (const [file, [ctimeMs, size]] of Object.entries(recorded)) {
    const stat = fs.statSync(path.join(packageDir, file), { throwIfNoEntry: false });
    if (stat === undefined || stat.ctimeMs !== ctimeMs || stat.size !== size) return false;
  }
  return fs.existsSync(bundle);
}

/** esbuild's first error with its place (`src/x.ts:5:22: …`), or the first line of another error. */
function firstLine(error) {
  const first = error?.errors?.[0];
  const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
  return `${where}${String(first?.text ?? error?.message ?? error).split('\n')[0]}`;
}
