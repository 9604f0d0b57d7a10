// The CLI's config file (issue 14): named contexts, each a server and a token file, so the CLI finds
// both from any directory. Like a kubeconfig, but small:
//
//   current-context: local
//   contexts:
//     local:
//       server: http://127.0.0.1:7400
//       token-file: /home/me/ripcord/.ripcord/admin-token
//
// Found at $RIPCORD_CONFIG, else $XDG_CONFIG_HOME/ripcord/config.yaml, else ~/.config/ripcord/config.yaml.
// YAML is parsed by the on-demand module (read-documents), loaded only when the file exists.
import fs from 'node:fs';
import path from 'node:path';

/** One context: where the control plane is and which file holds the token to use there. */
export interface ContextEntry {
  server?: string;
  'token-file'?: string;
}

/** The file's content. */
export interface ConfigFile {
  'current-context'?: string;
  contexts: Record<string, ContextEntry>;
}

/** Where the config file is (it may not exist), or undefined when the environment names no home. */
export function configPath(env: Record<string, string | undefined>): string | undefined {
  if (env.RIPCORD_CONFIG) return path.resolve(env.RIPCORD_CONFIG);
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'ripcord', 'config.yaml');
  if (env.HOME) return path.join(env.HOME, '.config', 'ripcord', 'config.yaml');
  return undefined;
}

/** Reads the config file; an absent file is an empty config, a broken one an error naming it. */
export async function readConfig(file: string | undefined): Promise<ConfigFile> {
  if (file === undefined || !fs.existsSync(file)) return { contexts: {} };
  let value: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    value = parseSimpleConfig(text) ?? (await import('./read-documents.js')).parseYaml(text);
  } catch (error) {
    throw new Error(`config file ${file}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (value === null || value === undefined) return { contexts: {} };
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error(`config file ${file}: expected a mapping with current-context and contexts`);
  const config = value as Partial<ConfigFile>;
  const contexts = config.contexts ?? {};
  if (typeof contexts !== 'object' || Array.isArray(contexts))
    throw new Error(`config file ${file}: contexts must be a mapping of name → {server, token-file}`);
  return { ...config, contexts };
}

/**
 * The config file as `writeConfig` writes it (mappings of plain scalars, two spaces per level), read
 * without loading yaml (issue 12: every command reads this file, so it must not cost a YAML parser's
 * start-up). Anything else, such as comments, quotes, lists or flow style, returns undefined, and
 * the caller parses it as YAML.
 */
export function parseSimpleConfig(text: string): Record<string, unknown> | undefined {
  const root: Record<string, unknown> = {};
  const open: Record<string, unknown>[] = [root];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^((?: {2})*)([A-Za-z0-9_.-]+):(?: ([^\s'"&*!|>%@`#{[,-][^#]*?))?\s*$/.exec(line);
    if (!m) return undefined;
    const depth = m[1]!.length / 2;
    const parent = open[depth];
    if (parent === undefined || depth > 2) return undefined;
    open.length = depth + 1;
    if (m[3] === undefined) {
      const child: Record<string, unknown> = {};
      parent[m[2]!] = child;
      open.push(child);
    } else if (
      m[3].includes(': ') ||
      /^(true|false|null|~|[-+]?[\d.]+(e[-+]?\d+)?|0x[\da-f]+|\.inf|\.nan)$/i.test(m[3])
    )
      return undefined;
    else parent[m[2]!] = m[3];
  }
  return root;
}

/** Writes the config file (mode 0600: it names token files), creating its directory. */
export async function writeConfig(file: string, config: ConfigFile): Promise<void> {
  const { toYaml } = await import('./read-documents.js');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, toYaml(config), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** A token file's path as written in the config: `~/` is the home, a relative path the config's directory. */
export function tokenFilePath(value: string, configFile: string, env: Record<string, string | undefined>): string {
  if (value.startsWith('~/') && env.HOME) return path.join(env.HOME, value.slice(2));
  return path.resolve(path.dirname(configFile), value);
}

/** The first line of a token file, or an error saying which file could not be read. */
export function readTokenFile(file: string, why: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${why}: cannot read token file ${file}${code === 'ENOENT' ? ' (no such file)' : ` (${code})`}`, {
      cause: error,
    });
  }
  const token = text.split('\n')[0]!.trim();
  if (token === '') throw new Error(`${why}: token file ${file} is empty`);
  return token;
}
