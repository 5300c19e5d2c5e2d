/**
 * The layer rule, run through the real eslint.config.js with the ESLint Node API on virtual files,
 * so the test proves both the rule and that the config wires it to the right files.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: fileURLToPath(new URL('../eslint.config.js', import.meta.url)) });

const RULE = 'layers/allowed-imports';

async function layerMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('layers/allowed-imports', () => {
  it('reports core importing node', async () => {
    expect(await layerMessages("import { x } from '../node/x';\nexport const y = x;\n", 'src/core/x.ts')).toEqual([
      'src/core may not import from src/node (DESIGN.md §1)',
    ]);
    expect(await layerMessages("import { x } from '../../node/x';\nexport const y = x;\n", 'src/core/frame/x.ts')).toEqual([
      'src/core may not import from src/node (DESIGN.md §1)',
    ]);
    // The same specifier one folder deeper stays inside core.
    expect(await layerMessages("import { x } from '../node/x';\nexport const y = x;\n", 'src/core/frame/x.ts')).toEqual([]);
  });

  it('reports core importing a Node builtin or a Node-only package, but not in core tests', async () => {
    const code = "import { readFileSync } from 'node:fs';\nimport 'fs/promises';\nimport Database from 'better-sqlite3';\nimport * as ort from 'onnxruntime-node';\nexport { readFileSync, Database, ort };\n";
    const msgs = await layerMessages(code, 'src/core/frame/x.ts');
    expect(msgs).toHaveLength(4);
    expect(msgs[0]).toBe("src/core may not import the Node builtin 'node:fs': core is pure TypeScript that runs anywhere (DESIGN.md §1)");
    expect(msgs[2]).toContain("Node-only package 'better-sqlite3'");
    expect(await layerMessages(code, 'src/core/frame/x.test.ts')).toEqual([]);
  });

  it('reports core importing electron, even in tests', async () => {
    expect(await layerMessages("import { app } from 'electron';\nexport { app };\n", 'src/core/x.test.ts')).toEqual([
      "src/core may not import 'electron': only src/main and src/preload run inside Electron (DESIGN.md §1)",
    ]);
  });

  it('still holds core tests to the layer list', async () => {
    expect(await layerMessages("import '../../server/x';\n", 'src/core/frame/x.test.ts')).toEqual([
      'src/core may not import from src/server (DESIGN.md §1)',
    ]);
  });

  it('reports renderer importing node', async () => {
    expect(await layerMessages("import { x } from '../../node/x';\nexport { x };\n", 'src/renderer/src/x.ts')).toEqual([
      'src/renderer may not import from src/node (DESIGN.md §1)',
    ]);
  });

  it('reports any import of main, including re-exports, dynamic import and require', async () => {
    for (const [code, file, from] of [
      ["import { x } from '../main/ipc';\nexport { x };\n", 'src/server/x.ts', 'server'],
      ["export * from '../main/ipc';\n", 'src/cli/x.ts', 'cli'],
      ["export const m = () => import('../main/index');\n", 'src/node/x.ts', 'node'],
      ["export type T = import('../../main/ipc').IpcMainLike;\n", 'src/renderer/src/x.ts', 'renderer'],
      ["const m = require('../main/ipc');\nexport { m };\n", 'src/preload/x.cjs', 'preload'],
    ] as const) {
      expect(await layerMessages(code, file), file).toEqual([`src/${from} may not import from src/main (DESIGN.md §1)`]);
    }
    expect(await layerMessages("import '../../src/main/ipc';\n", 'test/e2e/x.ts')).toEqual(['Nothing may import from src/main (DESIGN.md §1)']);
  });

  it('reports shared importing node or a Node builtin, and preload importing core', async () => {
    expect(await layerMessages("import '../node/x';\nimport 'path';\n", 'src/shared/x.ts')).toEqual([
      'src/shared may not import from src/node (DESIGN.md §1)',
      "src/shared may not import the Node builtin 'path': shared also runs in the preload and the renderer (DESIGN.md §1)",
    ]);
    expect(await layerMessages("import '../core/x';\nimport { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n", 'src/preload/index.ts')).toEqual([
      'src/preload may not import from src/core (DESIGN.md §1)',
    ]);
  });

  it('reports server importing main but lets cli import server', async () => {
    expect(await layerMessages("import '../server/x';\n", 'src/cli/x.ts')).toEqual([]);
    expect(await layerMessages("import '../cli/x';\n", 'src/server/x.ts')).toEqual(['src/server may not import from src/cli (DESIGN.md §1)']);
  });

  it('allows the imports DESIGN.md §1 allows', async () => {
    const ok: [string, string][] = [
      ["import { f } from '../core/frame/frame';\nimport { g } from '../shared/rpc';\nimport fs from 'node:fs';\nimport Database from 'better-sqlite3';\nexport { f, g, fs, Database };\n", 'src/node/store/x.ts'],
      ["import { f } from '../../core/frame/frame';\nexport { f };\n", 'src/shared/sub/x.ts'],
      ["import { f } from '../core/x';\nimport { app } from 'electron';\nimport { s } from '../node/services/index';\nexport { f, app, s };\n", 'src/main/x.ts'],
      ["import { registerServices } from './ipc';\nexport { registerServices };\n", 'src/main/ipc.test.ts'],
      ["import { z } from 'zod';\nimport { helper } from './frame/other';\nexport { z, helper };\n", 'src/core/x.ts'],
      ["import { f } from '../../../core/x';\nimport { api } from '../../../shared/rpc';\nimport icon from '../../../../resources/icon.png?asset';\nexport { f, api, icon };\n", 'src/renderer/src/lib/x.ts'],
      ["import { f } from '../src/core/x';\nexport { f };\n", 'test/x.ts'],
    ];
    for (const [code, file] of ok) expect(await layerMessages(code, file), file).toEqual([]);
  });

  it('is wired into the config for src, test and eslint-rules files, and ignores built output', async () => {
    for (const file of ['src/core/x.ts', 'test/e2e/x.ts', 'eslint-rules/x.js', 'src/main/x.test.ts']) {
      const config = await eslint.calculateConfigForFile(file);
      for (const rule of [RULE, 'no-eval', 'no-implied-eval', 'no-new-func']) expect(config.rules[rule][0], `${rule} in ${file}`).toBe(2);
    }
    expect(await eslint.isPathIgnored('out/main/index.js')).toBe(true);
    expect(await eslint.isPathIgnored('src/renderer/src/App.svelte')).toBe(true);
  });

  it('bans code from strings', async () => {
    const [r] = await eslint.lintText("eval('1');\nsetTimeout('x()', 1);\nexport const f = new Function('return 1');\n", { filePath: 'src/core/x.ts' });
    expect(r!.messages.map((m) => m.ruleId).sort()).toEqual(['no-eval', 'no-implied-eval', 'no-new-func']);
  });
});
