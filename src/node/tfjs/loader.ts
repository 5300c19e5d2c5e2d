/**
 * Picks the fastest tfjs backend this process can load, in order:
 *   1. `@tensorflow/tfjs-node-gpu` (TensorFlow with CUDA), only when an NVIDIA GPU is visible;
 *   2. `@tensorflow/tfjs-node` (TensorFlow native, CPU);
 *   3. `@tensorflow/tfjs-backend-wasm` (WebAssembly with SIMD; threads where the runtime allows,
 *      which tfjs does not in Node), its .wasm files read from node_modules;
 *   4. `@tensorflow/tfjs-backend-cpu` (plain JavaScript), which always loads.
 * The native packages are optional dependencies: they download libtensorflow when installed and
 * are simply absent where that failed. Every earlier candidate's failure is kept, in plain
 * words, so the app can say why it runs on what it runs on.
 *
 * The result is memoised per process (each worker thread has its own tfjs engine and loads its
 * own backend). Core code never chooses a backend: it uses whichever one is current.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tf } from '../../core/models/nn/engine';

export type CandidateId = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** What a candidate reports once it is the current tfjs backend. */
export interface LoadedBackend {
  /** The tfjs backend name (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
  device: 'gpu' | 'cpu';
  /** For the UI: "GPU: <name>", "CPU (TensorFlow native)", "CPU (WebAssembly)", "CPU (JavaScript)". */
  label: string;
  /** Extra facts for logs and benchmarks (SIMD, threads, GPU name...). */
  detail?: Record<string, string | number | boolean>;
}

export interface BackendChoice extends LoadedBackend {
  candidate: CandidateId;
  /** Why each earlier candidate was not used, in order. */
  failures: { candidate: CandidateId; reason: string }[];
  /** One sentence for the UI or a log: the label, plus why faster options were skipped. */
  message: string;
}

export type Loader = () => Promise<LoadedBackend>;
export type Loaders = Record<CandidateId, Loader>;

export const CANDIDATE_ORDER: readonly CandidateId[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

const CANDIDATE_NAMES: Record<CandidateId, string> = {
  'tfjs-node-gpu': 'TensorFlow with CUDA',
  'tfjs-node': 'TensorFlow native',
  wasm: 'WebAssembly',
  cpu: 'JavaScript',
};

const require_ = createRequire(import.meta.url);

/** A failure reason in plain words: a missing package is "not installed", not a stack trace. */
export function describeLoadError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = String(err?.message ?? e).split('\n')[0]!.trim();
  if (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(msg)) {
    const name = /['"](@?[^'"]+)['"]/.exec(msg)?.[1];
    return `${name ?? 'the package'} is not installed`;
  }
  if (/lib(cudart|cudnn|cublas)[^ ]*\.so/.test(msg)) return `the CUDA libraries it needs are missing (${msg.slice(0, 160)})`;
  return msg.length > 200 ? `${msg.slice(0, 197)}...` : msg || 'it failed to load';
}

async function importOptional(name: string): Promise<unknown> {
  // Resolved at run time: the optional native packages may not be installed at all.
  const path = require_.resolve(name);
  return import(pathToFileURL(path).href);
}

/** The first NVIDIA GPU's name, or null when none is visible (no driver, no nvidia-smi). */
export function nvidiaGpuName(timeoutMs = 3000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: timeoutMs }, (err, stdout) => {
      if (err) return resolve(null);
      const name = stdout.split('\n')[0]?.trim();
      resolve(name ? name : null);
    });
  });
}

async function useNativeBackend(): Promise<void> {
  // tfjs-node registers the 'tensorflow' backend with the top priority on import.
  if (!tf.findBackend('tensorflow')) throw new Error('the package loaded but registered no TensorFlow backend');
  if (!(await tf.setBackend('tensorflow'))) throw new Error('the TensorFlow backend failed to initialise');
}

/** Directory holding tfjs-backend-wasm's .wasm files, with a trailing slash. */
export function wasmDir(): string {
  return join(dirname(require_.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

export const defaultLoaders: Loaders = {
  async 'tfjs-node-gpu'() {
    const gpu = await nvidiaGpuName();
    if (!gpu) throw new Error('no NVIDIA GPU is visible (nvidia-smi found none)');
    await importOptional('@tensorflow/tfjs-node-gpu');
    await useNativeBackend();
    return { backend: 'tensorflow', device: 'gpu', label: `GPU: ${gpu}`, detail: { gpu } };
  },
  async 'tfjs-node'() {
    await importOptional('@tensorflow/tfjs-node');
    await useNativeBackend();
    return { backend: 'tensorflow', device: 'cpu', label: 'CPU (TensorFlow native)' };
  },
  async wasm() {
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDir());
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend failed to initialise');
    return { backend: 'wasm', device: 'cpu', label: 'CPU (WebAssembly)', detail: { simd, threads, threadsCount: threads ? wasm.getThreadsCount() : 1 } };
  },
  async cpu() {
    if (!(await tf.setBackend('cpu'))) throw new Error('the JavaScript backend failed to initialise');
    return { backend: 'cpu', device: 'cpu', label: 'CPU (JavaScript)' };
  },
};

/** The message shown for a choice: "CPU (WebAssembly) — TensorFlow with CUDA: no NVIDIA GPU...". */
export function describeChoice(label: string, failures: BackendChoice['failures']): string {
  if (!failures.length) return label;
  return `${label}; not used: ${failures.map((f) => `${CANDIDATE_NAMES[f.candidate]} (${f.reason})`).join('; ')}`;
}

/**
 * Tries the candidates in order and returns the first that loads. `only` restricts the chain
 * (e.g. `['wasm', 'cpu']` for a benchmark); the JavaScript backend is the last resort and, when
 * it is in the chain, cannot fail here. Throws when every candidate in the chain failed.
 */
export async function loadBackend(opts: { loaders?: Partial<Loaders>; only?: readonly CandidateId[] } = {}): Promise<BackendChoice> {
  const loaders = { ...defaultLoaders, ...opts.loaders };
  const chain = opts.only ? CANDIDATE_ORDER.filter((c) => opts.only!.includes(c)) : CANDIDATE_ORDER;
  const failures: BackendChoice['failures'] = [];
  for (const candidate of chain) {
    try {
      const loaded = await loaders[candidate]();
      return { ...loaded, candidate, failures, message: describeChoice(loaded.label, failures) };
    } catch (e) {
      failures.push({ candidate, reason: describeLoadError(e) });
    }
  }
  throw new Error(`No tfjs backend could be loaded: ${failures.map((f) => `${CANDIDATE_NAMES[f.candidate]}: ${f.reason}`).join('; ')}`);
}

let best: Promise<BackendChoice> | null = null;

/**
 * The best backend for this process, loaded once. Set `MODELBENCH_TFJS_BACKEND` to a candidate
 * id (`wasm`, `cpu`...) to start the chain there, e.g. to compare backends.
 */
export function loadBestBackend(): Promise<BackendChoice> {
  if (!best) {
    const start = process.env.MODELBENCH_TFJS_BACKEND as CandidateId | undefined;
    const i = start ? CANDIDATE_ORDER.indexOf(start) : -1;
    best = loadBackend(i >= 0 ? { only: CANDIDATE_ORDER.slice(i) } : {});
  }
  return best;
}
