import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sdk = (file: string) => fileURLToPath(new URL(`./packages/sdk/src/${file}`, import.meta.url));

export default defineConfig({
  // Inside the repository `@ripcord/sdk` is its TypeScript source (tsconfig.json `paths` does the
  // same for tsc and tsx); the package's `exports` name the compiled dist/ that `npm pack` ships.
  resolve: {
    alias: [
      { find: /^@ripcord\/sdk$/, replacement: sdk('index.ts') },
      { find: /^@ripcord\/sdk\/openfeature$/, replacement: sdk('openfeature/index.ts') },
      { find: /^@ripcord\/sdk\/testing$/, replacement: sdk('testing/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    pool: 'forks',
    // Two files at a time even on 2 cores (Vitest's default there is one): most test time is
    // waiting on child processes, PostgreSQL, browsers and sockets, not CPU. Every file opens its own
    // scratch databases and ports, so files do not share state.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['packages/server/test/global-setup.ts'],
  },
});
