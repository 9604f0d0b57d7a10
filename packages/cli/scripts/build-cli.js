// Builds the compiled CLI (issue 12; README, Development): packages/cli/dist/main.js, an
// ESM bundle of src/main.ts with commander and the SDK; dist/read-documents.js, the YAML reader with
// yaml, which `apply` loads on demand; and dist/inputs.json, the files they were built from, which
// bin/load-cli.js compares with the disk to rebuild a stale build.
//
//   node packages/cli/scripts/build-cli.js     (npm run build:cli; `npm ci` runs it as `prepare`)
//
// The server and the demo stay out of the bundle: `serve` and `demo` load them as TypeScript through
// tsx (src/load-server.ts), so every other command starts without them.
import fs from 'node:fs';
import path from 'node:path';
import { URL, fileURLToPath } from 'node:url';

/** The CLI package's directory (packages/cli). */
export const packageDir = fileURLToPath(new URL('..', import.meta.url));

const distDir = path.join(packageDir, 'dist');

// commander is CommonJS: in an ES module bundle its require() of node built-ins needs a real require.
const banner =
  "import { createRequire as __ripcordRequire } from 'node:module';\nconst require = __ripcordRequire(import.meta.url);";

/**
 * Modules the bundle imports only when a command needs them, each left as an import of a file of its
 * own: `read-documents` (with yaml, for `apply`) is a second bundle beside main.js; the demo is
 * imported as a whole from its TypeScript source (src/load-server.ts loads tsx first), since it
 * starts the server and finds the examples relative to its own file.
 * @type {import('esbuild').Plugin}
 */
const onDemand = {
  name: 'on-demand',
  setup(build) {
    const targets = { 'src/read-documents.ts': './read-documents.js', 'src/demo/index.ts': '../src/demo/index.ts' };
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const source = path.relative(packageDir, path.resolve(args.resolveDir, args.path)).replace(/\.js$/, '.ts');
      const target = targets[source.split(path.sep).join('/')];
      return target === undefined ? undefined : { path: target, external: true };
    });
  },
};

/**
 * Builds dist/main.js, dist/read-documents.js and dist/inputs.json. Files are written under temporary names and renamed, the
 * list of inputs last, so a CLI starting meanwhile (or a second build) never reads half a bundle.
 * @returns {Promise<string[]>} the files written
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const started = Date.now();
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: ['src/main.ts', 'src/read-documents.ts'],
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@ripcord/server', 'tsx', 'tsx/*'],
    plugins: [onDemand],
    banner: { js: banner },
    sourcemap: true,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const files = new Set([path.relative(packageDir, fileURLToPath(import.meta.url))]);
  for (const input of Object.keys(result.metafile.inputs)) files.add(recordedFile(input));
  fs.mkdirSync(distDir, { recursive: true });
  const main = path.join(distDir, 'main.js');
  // main.js after what it imports, the list of inputs last: it is what says the build is complete.
  const ordered = [...result.outputFiles].sort((a, b) => Number(a.path === main) - Number(b.path === main));
  const written = ordered.map((file) => writeAtomically(file.path, file.contents));
  written.push(writeAtomically(path.join(distDir, 'inputs.json'), JSON.stringify(inputsNow(files, started), null, 1)));
  return written;
}

/**
 * The file that stands for an input: itself, or for an installed package its package.json (which a
 * reinstall rewrites), so that a start checks a few dozen files, not every file of yaml.
 */
function recordedFile(input) {
  const installed = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return installed ? `${installed[1]}/package.json` : input;
}

/**
 * Each input's change time and size as they are now. An input changed since the build started may
 * not be in the bundle: it is recorded as changed, so the next start rebuilds.
 */
function inputsNow(files, started) {
  const inputs = {};
  for (const file of files) {
    const stat = fs.statSync(path.join(packageDir, file));
    inputs[file] = stat.ctimeMs >= started ? [0, -1] : [stat.ctimeMs, stat.size];
  }
  return { files: inputs };
}

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    for (const file of await buildCli()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    // An install without dev dependencies has no esbuild: the CLI then runs its TypeScript sources.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.log('esbuild is not installed: the ripcord CLI will run its TypeScript sources through tsx');
  }
}
