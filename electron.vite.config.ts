/**
 * electron-vite build of the desktop app:
 *   out/main/index.js      Electron main (ESM: package.json has "type": "module")
 *   out/main/job.js        the job process, started with utilityProcess.fork (DESIGN.md §3)
 *   out/preload/index.cjs  the preload, one self-contained CommonJS file
 *   out/renderer/          the Svelte app, served to the window over app://modelbench/
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      // Everything in package.json "dependencies" stays a runtime require: the native addons
      // (better-sqlite3, onnxruntime-node) cannot be bundled, and the rest ship in node_modules.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: here('src/main/index.ts'),
          job: here('src/node/jobs/entry.ts'),
          // Worker threads of the job process (parallel folds): loaded by file name at run time.
          'train-worker': here('src/node/jobs/train-worker.ts'),
        },
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload runs without Node's module loader: it may `require('electron')` and
      // nothing else, so everything else is bundled into one CommonJS file with no chunks.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('src/preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: here('src/renderer'),
    plugins: [svelte()],
    build: {
      outDir: here('out/renderer'),
      rolldownOptions: {
        input: here('src/renderer/index.html'),
      },
    },
  },
});
