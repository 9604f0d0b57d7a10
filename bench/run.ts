/**
 * `npm run bench [-- <filter>...]`: runs every `bench/*.bench.ts` (or only those whose file name
 * contains one of the filters) one after another, each as `node --import tsx <file>` in its own
 * process with its output streamed through. Exits 1 if any benchmark fails, 2 if none matches.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark in bench/ matches ${filters.join(', ')}`);
  process.exit(2);
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function run(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
      cwd: path.dirname(dir),
      stdio: 'inherit',
    });
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const started = performance.now();
const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const t0 = performance.now();
  const code = await run(file);
  if (code !== 0) failed.push(file);
  console.log(`=== ${file}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds(t0)}`);
}
console.log(
  `\n${files.length - failed.length}/${files.length} benchmarks ok in ${seconds(started)}` +
    (failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''),
);
process.exit(failed.length > 0 ? 1 : 0);
