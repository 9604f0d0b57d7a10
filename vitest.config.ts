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
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['packages/server/test/global-setup.ts'],
  },
});
