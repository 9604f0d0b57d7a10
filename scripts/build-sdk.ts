/**
 * `npm run build:sdk` (and the SDK's `prepack`): compiles `@ripcord/sdk` into packages/sdk/dist as
 * the package ships it — one ES module plus `.d.ts` per source file, so `@ripcord/sdk` and
 * `@ripcord/sdk/openfeature` share one client module (no second copy), and the protocol's wire
 * types emitted beside them (dist/protocol/) because `@ripcord/protocol` is not published: the
 * declarations' `@ripcord/protocol` imports are rewritten to that folder. Only what the two public
 * entries reach is emitted (`src/testing` is for this repository's benchmarks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));
const sdkSrc = path.join(root, 'packages/sdk/src');
const protocolSrc = path.join(root, 'packages/protocol/src');

/** The public entries: package subpath → source file (relative to packages/sdk/src). */
export const SDK_ENTRIES = { '.': 'index.ts', './openfeature': 'openfeature/index.ts' } as const;

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config as object, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: false,
    declaration: true,
    sourceMap: false,
    rootDir: path.join(root, 'packages'),
    outDir: path.join(root, '.sdk-build'),
    // The build resolves the protocol through the workspace, not the repository's source aliases.
    paths: {},
    types: ['node'],
  };
}

/** Where an emitted file goes in dist (undefined: not shipped), given its path under the virtual outDir. */
function target(relative: string, outdir: string): string | undefined {
  const sdkPrefix = `sdk${path.sep}src${path.sep}`;
  const protocolPrefix = `protocol${path.sep}src${path.sep}`;
  if (relative.startsWith(sdkPrefix)) return path.join(outdir, relative.slice(sdkPrefix.length));
  // The protocol is types only: its declarations ship, its empty JavaScript modules do not.
  if (relative.startsWith(protocolPrefix) && relative.endsWith('.d.ts'))
    return path.join(outdir, 'protocol', relative.slice(protocolPrefix.length));
  return undefined;
}

/** Rewrites `@ripcord/protocol` in a declaration file at `file` to the shipped dist/protocol copy. */
function rewriteProtocol(text: string, file: string, outdir: string): string {
  let rel = path
    .relative(path.dirname(file), path.join(outdir, 'protocol', 'index.js'))
    .split(path.sep)
    .join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return text.replace(/(['"])@ripcord\/protocol\1/g, `'${rel}'`);
}

/** Compiles the SDK into `outdir` (default packages/sdk/dist, replaced whole); returns the files written. */
export function buildSdk(outdir = path.join(root, 'packages/sdk/dist')): string[] {
  const options = compilerOptions();
  // The protocol is a root too: files TypeScript only reaches through node_modules are never emitted.
  const roots = [
    ...Object.values(SDK_ENTRIES).map((entry) => path.join(sdkSrc, entry)),
    path.join(protocolSrc, 'index.ts'),
  ];
  const program = ts.createProgram({ rootNames: roots, options });
  const problems = ts.getPreEmitDiagnostics(program);
  if (problems.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(ts.formatDiagnostics(problems, host));
  }
  // Written beside outdir and swapped in at the end, so a reader never sees a half-built dist/.
  const staging = `${outdir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const written: string[] = [];
  const result = program.emit(undefined, (fileName, text) => {
    const file = target(path.relative(options.outDir!, fileName), staging);
    if (file === undefined) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, file.endsWith('.d.ts') ? rewriteProtocol(text, file, staging) : text);
    written.push(path.join(outdir, path.relative(staging, file)));
  });
  if (result.emitSkipped) throw new Error('the SDK build emitted nothing');
  if (!written.includes(path.join(outdir, 'protocol', 'index.d.ts')))
    throw new Error('the protocol declarations were not emitted');
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.renameSync(staging, outdir);
  return written.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = buildSdk();
  // stderr: `npm pack --json` prints its JSON on stdout after the prepack output.
  console.error(`wrote ${files.length} files to packages/sdk/dist`);
}
