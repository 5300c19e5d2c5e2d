import { describe, expect, it } from 'vitest';
import { tf } from '../../core/models/nn/engine';
import { describeLoadError, loadBackend, type LoadedBackend, type Loaders } from './loader';

const notInstalled = (name: string) => async (): Promise<LoadedBackend> => {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
};
const ok = (b: LoadedBackend) => async () => b;
const gpu: LoadedBackend = { backend: 'tensorflow', device: 'gpu', label: 'GPU: NVIDIA T4' };
const native: LoadedBackend = { backend: 'tensorflow', device: 'cpu', label: 'CPU (TensorFlow native)' };
const wasm: LoadedBackend = { backend: 'wasm', device: 'cpu', label: 'CPU (WebAssembly)' };
const js: LoadedBackend = { backend: 'cpu', device: 'cpu', label: 'CPU (JavaScript)' };

describe('tfjs backend loader', () => {
  it('uses the GPU when its package loads', async () => {
    const loaders: Loaders = { 'tfjs-node-gpu': ok(gpu), 'tfjs-node': ok(native), wasm: ok(wasm), cpu: ok(js) };
    const c = await loadBackend({ loaders });
    expect(c).toMatchObject({ candidate: 'tfjs-node-gpu', device: 'gpu', label: 'GPU: NVIDIA T4', failures: [], message: 'GPU: NVIDIA T4' });
  });

  it('falls back one step at a time and says why each faster option failed', async () => {
    const gpuFails: Partial<Loaders> = { 'tfjs-node-gpu': async () => { throw new Error('libcudart.so.11.0: cannot open shared object file'); } };
    let c = await loadBackend({ loaders: { ...gpuFails, 'tfjs-node': ok(native), wasm: ok(wasm), cpu: ok(js) } });
    expect(c.candidate).toBe('tfjs-node');
    expect(c.label).toBe('CPU (TensorFlow native)');
    expect(c.failures).toEqual([{ candidate: 'tfjs-node-gpu', reason: expect.stringMatching(/CUDA libraries it needs are missing/) }]);

    c = await loadBackend({ loaders: { ...gpuFails, 'tfjs-node': notInstalled('@tensorflow/tfjs-node'), wasm: ok(wasm), cpu: ok(js) } });
    expect(c.candidate).toBe('wasm');
    expect(c.label).toBe('CPU (WebAssembly)');
    expect(c.failures.map((f) => f.candidate)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(c.failures[1]!.reason).toBe('@tensorflow/tfjs-node is not installed');
    expect(c.message).toBe('CPU (WebAssembly); not used: TensorFlow with CUDA (the CUDA libraries it needs are missing (libcudart.so.11.0: cannot open shared object file)); TensorFlow native (@tensorflow/tfjs-node is not installed)');

    c = await loadBackend({ loaders: { ...gpuFails, 'tfjs-node': notInstalled('@tensorflow/tfjs-node'), wasm: async () => { throw new Error('the WebAssembly backend failed to initialise'); }, cpu: ok(js) } });
    expect(c.candidate).toBe('cpu');
    expect(c.label).toBe('CPU (JavaScript)');
    expect(c.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/CUDA/), '@tensorflow/tfjs-node is not installed', 'the WebAssembly backend failed to initialise']);
    expect(c.message).toMatch(/^CPU \(JavaScript\); not used: TensorFlow with CUDA .*; TensorFlow native .*; WebAssembly \(the WebAssembly backend failed to initialise\)$/);
  });

  it('throws with every reason when nothing in the chain loads', async () => {
    await expect(loadBackend({ only: ['tfjs-node', 'wasm'], loaders: { 'tfjs-node': notInstalled('@tensorflow/tfjs-node'), wasm: async () => { throw new Error('no WebAssembly'); } } }))
      .rejects.toThrow('No tfjs backend could be loaded: TensorFlow native: @tensorflow/tfjs-node is not installed; WebAssembly: no WebAssembly');
  });

  it('turns load errors into short plain reasons', () => {
    expect(describeLoadError(Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node-gpu' imported from x"), { code: 'ERR_MODULE_NOT_FOUND' }))).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(describeLoadError(new Error('x'.repeat(500))).length).toBeLessThanOrEqual(200);
  });

  it('loads a real backend on this machine with the real loaders, and runs on it', async () => {
    const c = await loadBackend();
    // Which one depends on the machine; it must be a working one, and the reasons must be words.
    expect(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']).toContain(c.candidate);
    expect(tf.getBackend()).toBe(c.backend);
    expect(c.failures.every((f) => f.reason.length > 0 && !f.reason.includes('\n'))).toBe(true);
    if (c.candidate === 'wasm') expect(c.detail?.simd).toBeTypeOf('boolean');
    console.log(`Backend on this machine: ${c.message}`);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(y).toBe(11);
  });
});
