// `ripcord get KIND …` and `ripcord describe KIND …`, as kubectl spells them (issue 14): the same
// commands as `ripcord KIND get …` and `ripcord KIND describe …`, to which the command line is
// rewritten before it is parsed. The two commands registered here only show in help and completion,
// and answer a kind they do not know.
import type { Command } from 'commander';

/** Each kind's group command, by every name it may be given (plural, singular, short). */
const kinds: Record<string, string> = {
  release: 'releases',
  releases: 'releases',
  rel: 'releases',
  workflow: 'workflows',
  workflows: 'workflows',
  wf: 'workflows',
  bundle: 'bundles',
  bundles: 'bundles',
  incident: 'incidents',
  incidents: 'incidents',
  token: 'tokens',
  tokens: 'tokens',
  label: 'labels',
  labels: 'labels',
  gate: 'gates',
  gates: 'gates',
};

/** The kinds `get` and `describe` take, as help lists them. */
export const kindNames = ['releases', 'workflows', 'bundles', 'incidents', 'tokens', 'labels', 'gates'];

/** Global options that take a value (so the value is not mistaken for the command). */
const valued = new Set(['--server', '--token', '--context', '-o', '--output', '--timeout']);

/** `get KIND …` → `KIND get …` (and `describe`); any other command line is returned as it is. */
export function rewriteKubectlVerbs(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) i += valued.has(argv[i]!) ? 2 : 1;
  const verb = argv[i];
  const group = kinds[argv[i + 1] ?? ''];
  if ((verb !== 'get' && verb !== 'describe') || group === undefined) return argv;
  return [...argv.slice(0, i), group, verb, ...argv.slice(i + 2)];
}

/** Registers `get` and `describe` for help and completion; they answer only kinds they do not know. */
export function registerKubectlVerbs(program: Command): void {
  const examples = {
    get: '\nExample:\n  ripcord get releases --active\n  ripcord get release sonnet-5-tier -o yaml\n  ripcord get workflows -o name',
    describe: '\nExample:\n  ripcord describe release sonnet-5-tier\n  ripcord describe incident inc_0123456789ab',
  };
  for (const verb of ['get', 'describe'] as const) {
    program
      .command(`${verb} <kind> [args...]`)
      .description(
        `${verb === 'get' ? 'list objects, or one' : 'show one object in detail'}, kubectl style: KIND is one of ${kindNames.join(', ')} (the same as \`ripcord KIND ${verb}\`)`,
      )
      .allowUnknownOption()
      .addHelpText('after', examples[verb])
      .action((kind: string) => {
        program.error(`error: unknown kind "${kind}" for ${verb}: use one of ${kindNames.join(', ')}`, {
          exitCode: 2,
          code: 'ripcord.kind',
        });
      });
  }
}
