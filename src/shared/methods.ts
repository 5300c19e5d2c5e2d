/**
 * The service surface as plain names: what the preload may expose and main may register.
 * Kept free of zod so the sandboxed preload stays tiny. `contract.ts` has one schema per name
 * (checked by the type system there).
 */
export const serviceMethods = {
  projects: ['create', 'open', 'current', 'recent', 'close', 'saveAs', 'undo', 'redo'],
  datasets: ['import', 'preview', 'rows', 'setTarget', 'setColumn', 'profile'],
  pipeline: ['catalog', 'add', 'update', 'remove', 'move', 'preview', 'suggest'],
  training: ['start'],
  exports: ['onnx', 'predict', 'inputs', 'tfjs'],
  jobs: ['cancel'],
} as const;

export type ServiceName = keyof typeof serviceMethods;
export type MethodName<S extends ServiceName> = (typeof serviceMethods)[S][number];

/** IPC channel of one method, e.g. `mb:projects.open`. */
export function channelOf(service: string, method: string): string {
  return `mb:${service}.${method}`;
}

/** Channel on which the main process pushes `AppEvent`s to the renderer. */
export const eventChannel = 'mb:event';
