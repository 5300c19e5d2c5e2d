/**
 * Adapts an Electron `UtilityProcess` to the `JobChannel` the services use (DESIGN.md §3: in the
 * packaged app the RunAsNode fuse is off, so `child_process.fork` is unavailable).
 */
import type { JobChannel } from '../node/jobs/channel';

/** The part of `Electron.UtilityProcess` the adapter uses. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/**
 * Wraps a forked utility process. Messages posted before the process has started are queued by
 * Electron (its message pipe exists from `fork`), so no buffering is needed here. After exit,
 * `postMessage` and `kill` are no-ops instead of throwing, so a late cancel cannot crash main.
 */
export function utilityProcessChannel(child: UtilityProcessLike): JobChannel {
  let exited = false;
  let exitCode: number | null = null;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.once('exit', (code) => {
    exited = true;
    exitCode = code;
    for (const l of exitListeners.splice(0)) l(code);
  });
  return {
    postMessage(message) {
      if (!exited) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      // A listener added after the exit still hears about it, once.
      if (exited) queueMicrotask(() => listener(exitCode));
      else exitListeners.push(listener);
    },
    kill() {
      if (!exited) child.kill();
    },
  };
}
