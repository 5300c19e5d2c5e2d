/**
 * The tfjs engine the neural-net code runs on. Core code never picks a backend: it uses whichever
 * one is current (the Node side's loader may have set tfjs-node or WebAssembly). Importing this
 * module registers the plain JavaScript CPU backend, so the models always run even when nothing
 * else was loaded (unit tests, the CLI before a loader ran, the browser without WebAssembly).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export { tf };

/**
 * Makes sure a backend is ready for synchronous work and returns its name. When the current or
 * best-registered backend needs asynchronous initialisation that never happened (e.g. WebAssembly
 * registered but not awaited), falls back to the CPU backend rather than throwing mid-fit.
 */
export function ensureBackend(): string {
  const engine = tf.engine();
  // `backendName` is null until a backend has been chosen; choosing one can throw for an
  // asynchronously initialised backend that nobody awaited.
  if (!engine.backendName) {
    try {
      tf.getBackend();
    } catch {
      // Fall through to the CPU backend below.
    }
  }
  if (!engine.backendName || !tf.findBackend(engine.backendName)) {
    tf.setBackend('cpu');
  }
  quietCpuBackend();
  return tf.getBackend();
}

/**
 * The CPU backend prints a banner ("looks like you are running TensorFlow.js in Node.js…") on
 * first use under Node, on stderr of the CLI and job processes: the backend choice is ours to
 * report, in the app's words, so the banner is switched off.
 */
export function quietCpuBackend(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && cpu.firstUse) cpu.firstUse = false;
}
