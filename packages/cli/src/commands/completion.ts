// Shell completion (issue 14): `ripcord completion bash|zsh|fish` prints a script that asks
// `ripcord __complete WORDS…` for the candidates, which are read from the command tree here (commands,
// aliases, options, option and argument choices), so they never go stale and need no server.
import { Argument, type Command, type Option } from 'commander';
import type { CliContext } from '../context.js';
import { kindNames } from './kubectl-verbs.js';

const scripts = {
  bash: `# ripcord completion for bash: source <(ripcord completion bash)
_ripcord() {
  local IFS=$'\\n'
  COMPREPLY=($(ripcord __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  [ \${#COMPREPLY[@]} -eq 0 ] && compopt -o default 2>/dev/null
  return 0
}
complete -F _ripcord ripcord`,
  zsh: `#compdef ripcord
# ripcord completion for zsh: source <(ripcord completion zsh)
_ripcord() {
  local -a candidates
  candidates=("\${(@f)$(ripcord __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then compadd -- $candidates; else _files; fi
}
compdef _ripcord ripcord`,
  fish: `# ripcord completion for fish: ripcord completion fish | source
function __ripcord_complete
    set -l words (commandline -opc) (commandline -ct)
    ripcord __complete $words[2..-1] 2>/dev/null
end
complete -c ripcord -f -a '(__ripcord_complete)'`,
};

/** `ripcord completion SHELL`. */
export function registerCompletion(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(Object.keys(scripts)))
    .description('print a shell completion script for commands, options and their values')
    .addHelpText(
      'after',
      '\nExample:\n  ripcord completion bash > ~/.local/share/bash-completion/completions/ripcord\n  ripcord completion fish > ~/.config/fish/completions/ripcord.fish\n  source <(ripcord completion zsh)     # in ~/.zshrc (after compinit)',
    )
    .action((shell: keyof typeof scripts, _o, command: Command) => {
      ctx.output(command).out(scripts[shell]);
    });
}

const takesValue = (o: Option) => o.required || o.optional;

/** The options a command accepts: its own and those of every command above it. */
function optionsOf(command: Command): Option[] {
  const all: Option[] = [];
  for (let c: Command | null = command; c; c = c.parent) all.push(...c.options);
  return all;
}

const findOption = (command: Command, word: string) =>
  optionsOf(command).find((o) => o.long === word || o.short === word);

/** The candidates for the last of `words` (the word being typed; '' for a new one). */
export function complete(program: Command, words: string[]): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let command = program;
  let positionals = 0;
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!;
    if (word.startsWith('-')) {
      const option = findOption(command, word);
      if (option && takesValue(option) && !word.includes('=')) i++;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positionals === 0) command = sub;
    else positionals++;
  }
  const previous = before.at(-1);
  const valueOf = previous?.startsWith('-') ? findOption(command, previous) : undefined;
  let candidates: string[];
  if (valueOf && takesValue(valueOf)) candidates = valueOf.argChoices ?? [];
  else if (current.startsWith('-'))
    candidates = optionsOf(command).flatMap((o) => (o.hidden ? [] : [o.long ?? o.short ?? '']));
  else if (command.commands.length > 0 && positionals === 0)
    candidates = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name());
  else if (command.name() === 'get' || command.name() === 'describe') candidates = positionals === 0 ? kindNames : [];
  else candidates = command.registeredArguments[positionals]?.argChoices ?? [];
  return [...new Set(candidates)].filter((c) => c !== '' && c.startsWith(current));
}
