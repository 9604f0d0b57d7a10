/**
 * CLI startup benchmark (issue 12, "a fast CLI"): wall time of `ripcord --version`, `ripcord --help`
 * and `ripcord releases list`, each run as its own `node packages/cli/bin/ripcord.js …` process, as
 * `npx ripcord` runs it (npx's own start-up is not counted). `releases list` talks to a real server,
 * started here with `ripcord serve` on a port the OS picks (ephemeral, so never 7400) and a throw-away
 * embedded store, with the two example workflows applied. Each command runs once outside the median
 * (reported as "first": it includes a rebuild of the compiled CLI when its sources changed), then
 * `runs` times; the table shows median, min and max of those. A command that exits non-zero or
 * prints the wrong thing fails the benchmark. The first row, `node -e 0`, is what starting Node.js
 * alone costs at that moment: on a shared machine it moves with the load, and every row sits on it.
 *
 * Other checkouts' CLIs given as further arguments run against the same server, interleaved run by
 * run with this one (so the load of a shared machine falls on all alike): how before/after numbers
 * are taken, e.g. with a `git archive` of the base commit whose node_modules links to this one's.
 *
 * Run: node --import tsx bench/cli.bench.ts [runs=10] [other/packages/cli/bin/ripcord.js ...]
 *      (or: npm run bench -- cli)
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'packages/cli/bin/ripcord.js');
const RUNS = Number(process.argv[2] ?? 10);
const others = process.argv.slice(3);
const bins = [bin, ...others.map((b) => path.resolve(b))];
const TOKEN = 'cli-bench-admin-token-0123456789';

/** A port nothing listens on right now (the OS picks it; never 7400 unless the OS hands it out). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs `node argv…` once; resolves with its wall time in ms and its stdout, rejects on a non-zero exit. */
function timeNode(argv: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(process.execPath, argv, { cwd: root, env: cliEnv() }, (error, stdout, stderr) => {
      const ms = performance.now() - started;
      if (error) reject(new Error(`node ${argv.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

/** Runs a CLI once (see timeNode). */
const timeCli = (args: string[], cli = bin) => timeNode([cli, ...args]);

/** The environment of a user's shell, minus anything that would point the CLI elsewhere. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['RIPCORD_SERVER', 'RIPCORD_TOKEN', 'NODE_OPTIONS']) delete env[name];
  return env;
}

async function waitForHealth(url: string, server: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}: ${serverErr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server at ${url} did not answer /healthz within 120 s`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Case {
  name: string;
  args: string[];
  /** What the output must contain, so a broken command cannot pass as a fast one. */
  expect: string;
}

/** One table row per CLI: median, min and max of `RUNS` runs, and the first run. */
async function measure(c: Case): Promise<string[]> {
  const first: number[] = [];
  for (const cli of bins) first.push((await timeCli(c.args, cli)).ms);
  const times: number[][] = bins.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [b, cli] of bins.entries()) {
      const { ms, stdout } = await timeCli(c.args, cli);
      if (!stdout.includes(c.expect))
        throw new Error(`${cli} ${c.args.join(' ')} printed no "${c.expect}":\n${stdout}`);
      times[b]!.push(ms);
    }
  }
  return bins.map((_cli, b) => {
    const t = times[b]!;
    const name = bins.length === 1 ? c.name : `${c.name} (${b === 0 ? 'this checkout' : others[b - 1]})`;
    return row(name, t, first[b]!);
  });
}

/** What starting Node.js alone costs on this machine now: the floor under every row. */
async function nodeAlone(): Promise<string> {
  const first = (await timeNode(['-e', '0'])).ms;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timeNode(['-e', '0'])).ms);
  return row('node -e 0 (Node.js alone)', times, first);
}

function row(name: string, times: number[], first: number): string {
  const f = (ms: number) => ms.toFixed(0).padStart(6);
  return `| ${name} | ${f(median(times))} | ${f(Math.min(...times))} | ${f(Math.max(...times))} | ${f(first)} |`;
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-cli-bench-'));
const server = spawn(
  process.execPath,
  [bin, 'serve', '--port', String(port), '--data', dataDir, '--log-level', 'silent'],
  {
    cwd: root,
    env: { ...cliEnv(), RIPCORD_ADMIN_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let serverErr = '';
server.stderr?.on('data', (chunk: Buffer) => (serverErr += chunk.toString()));
try {
  await waitForHealth(url, server);
  const remote = ['--server', url, '--token', TOKEN];
  await timeCli([...remote, 'apply', '-f', 'examples/support-summary.yaml', '-f', 'examples/ride-pricing.yaml']);
  const cases: Case[] = [
    { name: 'ripcord --version', args: ['--version'], expect: '0.1.0' },
    { name: 'ripcord --help', args: ['--help'], expect: 'releases' },
    { name: 'ripcord releases list', args: [...remote, 'releases', 'list'], expect: 'sonnet-5-tier' },
  ];
  const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  console.log(`CLI wall time, ms: median of ${RUNS} runs after one first run; server ${url} (ripcord serve)`);
  console.log(`${sh('date', ['-u'])}; nproc ${os.cpus().length}; node ${process.version}; ${sh('uptime', [])}`);
  console.log('| command | median | min | max | first |');
  console.log('| ------- | -----: | --: | --: | ----: |');
  console.log(await nodeAlone());
  for (const c of cases) for (const line of await measure(c)) console.log(line);
  console.log(`after the runs: ${sh('uptime', [])}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
