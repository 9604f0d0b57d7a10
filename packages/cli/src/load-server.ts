// The server and the demo, loaded only when `serve` or `demo` runs: every other command starts
// without them (issue 12). Both stay TypeScript; the compiled CLI (dist/) loads them through tsx.
import type * as Server from '@ripcord/server';
import type * as Demo from './demo/index.js';

let typeScript: Promise<void> | undefined;

/**
 * Makes TypeScript importable in this process, once. From the sources (tsx, vitest) this file is
 * itself TypeScript and nothing is needed; the compiled CLI registers tsx's loader.
 */
function enableTypeScript(): Promise<void> {
  typeScript ??= import.meta.url.endsWith('.ts')
    ? Promise.resolve()
    : import('tsx/esm/api').then(({ register }) => {
        register();
      });
  return typeScript;
}

/** `@ripcord/server`, for `ripcord serve`. */
export async function loadServer(): Promise<typeof Server> {
  await enableTypeScript();
  return import('@ripcord/server');
}

/**
 * The demo (src/demo/), for `ripcord demo`. The CLI's build leaves this import to the TypeScript
 * source (packages/cli/scripts/build-cli.js), so the demo runs from src/ as a whole: it finds the
 * examples relative to its own file.
 */
export async function loadDemo(): Promise<typeof Demo> {
  await enableTypeScript();
  return import('./demo/index.js');
}
