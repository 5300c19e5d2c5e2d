/**
 * The packaged app's configuration (electron-builder, `build` in package.json). Packaging needs
 * downloads this workplace cannot make, so this checks the settings that matter: double-clicking a
 * .mbproj opens Modelbench, native code is unpacked from the asar, and the fuses that would let
 * the app run as plain Node are off (DESIGN.md §3; research/ux-packaging-reliability.md §3–4).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const build = pkg.build;

describe('packaging configuration', () => {
  it('registers the .mbproj extension on every platform (NSIS needs perMachine for it)', () => {
    expect(build.fileAssociations).toEqual([expect.objectContaining({ ext: 'mbproj', mimeType: 'application/x-modelbench-project' })]);
    expect(build.nsis.perMachine).toBe(true);
    expect(build.linux.mimeTypes).toContain('application/x-modelbench-project');
  });
  it('unpacks native addons and the ONNX runtime libraries from the asar', () => {
    expect(build.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/onnxruntime-node/bin/**']));
  });
  it('turns off the fuses that would let the app run as Node', () => {
    expect(build.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });
});
