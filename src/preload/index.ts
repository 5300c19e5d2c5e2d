/**
 * The preload: exposes `window.api`, a frozen proxy of the service contract over IPC, and nothing
 * else (checklist #20: never ipcRenderer itself). No logic: arguments go to main as they are (main
 * checks the sender and validates them), results come back as `RpcResult`s that the renderer's
 * api.ts unwraps. Bundled by electron-vite into one CommonJS file, as a sandboxed preload must be.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { AppEvent } from '../shared/dto';
import { channelOf, eventChannel, serviceMethods, type MethodName, type ServiceName } from '../shared/methods';
import type { RpcResult } from '../shared/rpc';

/** What the preload puts on `window.api`. */
export type PreloadApi = {
  readonly [S in ServiceName]: { readonly [M in MethodName<S>]: (arg?: unknown) => Promise<RpcResult> };
} & {
  /** Subscribes to events pushed by main; returns the unsubscribe function. */
  readonly onEvent: (listener: (event: AppEvent) => void) => () => void;
  readonly transport: 'electron';
  /** The path of a file the user picked or dropped (Electron no longer puts it on `File`). */
  readonly getPathForFile: (file: File) => string;
};

const api: Record<string, unknown> = {};
for (const [service, methods] of Object.entries(serviceMethods)) {
  const proxy: Record<string, (arg?: unknown) => Promise<RpcResult>> = {};
  for (const method of methods) {
    const channel = channelOf(service, method);
    // Exactly one argument crosses, whatever the caller passes.
    proxy[method] = (arg?: unknown) => ipcRenderer.invoke(channel, arg);
  }
  api[service] = Object.freeze(proxy);
}
api.onEvent = (listener: (event: AppEvent) => void) => {
  // The IPC event object (which holds `sender`, i.e. ipcRenderer) never reaches the page.
  const forward = (_event: IpcRendererEvent, payload: AppEvent) => listener(payload);
  ipcRenderer.on(eventChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventChannel, forward);
  };
};
api.transport = 'electron';
api.getPathForFile = (file: File) => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('api', Object.freeze(api) as PreloadApi);
