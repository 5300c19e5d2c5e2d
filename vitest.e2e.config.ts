/**
 * End-to-end tests: the browser mode driven through Debian's Chromium with playwright-core.
 * Run after `npm run build` (the server serves out/renderer). Files run one at a time: each starts
 * its own server and browser, and training is CPU-heavy.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
