import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // PKCS#11 state lives in the process: each test file gets its own forked process and token.
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
