import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'eslint-rules/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/helpers/**/*.test.ts'],
    exclude: ['node_modules', 'out', 'test/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
