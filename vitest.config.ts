import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // PKCS#11 state lives in the process: each test file gets its own forked process and token.
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    // builds out/cli/ (the CLI, the sandbox bank, npm start's program) when the sources are newer
    globalSetup: ['./tests/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
