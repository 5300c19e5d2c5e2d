/**
 * How the services talk to a job process, whatever started it: Node's `child_process.fork`
 * (CLI, browser mode, tests) or Electron's `utilityProcess.fork` (desktop app, where the
 * RunAsNode fuse is off). Messages are structured-clone-safe objects.
 */
export interface JobChannel {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends, with its exit code (null when killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process at once. */
  kill(): void;
}

/** Starts one job process. */
export type JobSpawner = () => JobChannel;
