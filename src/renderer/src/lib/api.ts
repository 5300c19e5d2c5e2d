/**
 * The one place the renderer learns which transport it has (DESIGN.md §2): the Electron preload's
 * `window.api`, or browser mode's WebSocket. Everything else talks to `api` and cannot tell them apart.
 */
import type { AppEvent } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import { createClient, type ClientTransport, type RpcResult } from '../../../shared/rpc';
import { TOKEN_HEADER, type WireMessage, type WireRequest } from '../../../shared/wire';

/** What the Electron preload puts on `window.api` (see src/preload). */
interface PreloadApi {
  readonly transport: 'electron';
  readonly onEvent: (listener: (event: AppEvent) => void) => () => void;
  /** Only present if the preload exposes Electron's `webUtils.getPathForFile`. */
  readonly getPathForFile?: (file: File) => string;
  readonly [service: string]: unknown;
}

declare global {
  interface Window {
    api?: PreloadApi;
  }
}

export type ConnectionStatus = 'connecting' | 'open' | 'lost';

const notConnected = (): RpcResult => ({
  ok: false,
  error: { kind: 'internal', message: 'Modelbench is not connected right now. Wait until it has reconnected, then try again.' },
});

function electronTransport(preload: PreloadApi): ClientTransport {
  return {
    async request(service, method, arg) {
      const svc = preload[service] as Record<string, ((a: unknown) => Promise<RpcResult>) | undefined> | undefined;
      const fn = svc?.[method];
      if (typeof fn !== 'function') return { ok: false, error: { kind: 'internal', message: `This version of the app cannot do ${service}.${method}.` } };
      return fn(arg);
    },
    onEvent: (listener) => preload.onEvent(listener),
  };
}

/**
 * Browser mode: one WebSocket, requests matched to answers by id. When the socket closes it
 * reconnects with a growing delay (1 s … 10 s); requests made meanwhile fail at once with a plain
 * message rather than hanging. Only requests made before the very first connection are queued.
 */
class SocketTransport implements ClientTransport {
  readonly #url: string;
  #ws: WebSocket | null = null;
  #nextId = 1;
  #everOpened = false;
  #attempt = 0;
  #status: ConnectionStatus = 'connecting';
  readonly #pending = new Map<number, (r: RpcResult) => void>();
  readonly #queue: string[] = [];
  readonly #listeners = new Set<(e: AppEvent) => void>();
  readonly #statusListeners = new Set<(s: ConnectionStatus) => void>();

  constructor(url: string) {
    this.#url = url;
    this.#connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  #setStatus(s: ConnectionStatus) {
    if (s === this.#status) return;
    this.#status = s;
    for (const l of this.#statusListeners) l(s);
  }

  #connect() {
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#attempt = 0;
      this.#everOpened = true;
      this.#setStatus('open');
      for (const m of this.#queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => {
      let msg: WireMessage;
      try {
        msg = JSON.parse(String(ev.data)) as WireMessage;
      } catch {
        return;
      }
      if ('event' in msg) {
        for (const l of this.#listeners) l(msg.event);
      } else if (typeof msg.id === 'number') {
        const resolve = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        resolve?.(msg.result);
      }
    };
    ws.onclose = () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#queue.length = 0;
      const lost: RpcResult = {
        ok: false,
        error: { kind: 'internal', message: 'The connection to Modelbench was lost before it answered. Once it has reconnected, check the result and try again if needed.' },
      };
      for (const resolve of this.#pending.values()) resolve(lost);
      this.#pending.clear();
      this.#setStatus('lost');
      const delay = Math.min(10_000, 1000 * 2 ** this.#attempt++);
      setTimeout(() => this.#connect(), delay);
    };
  }

  request(service: string, method: string, arg: unknown): Promise<RpcResult> {
    const ws = this.#ws;
    const id = this.#nextId++;
    const text = JSON.stringify({ id, service, method, arg } satisfies WireRequest);
    if (ws && ws.readyState === WebSocket.OPEN) {
      return new Promise((resolve) => {
        this.#pending.set(id, resolve);
        ws.send(text);
      });
    }
    if (!this.#everOpened && ws && ws.readyState === WebSocket.CONNECTING) {
      return new Promise((resolve) => {
        this.#pending.set(id, resolve);
        this.#queue.push(text);
      });
    }
    return Promise.resolve(notConnected());
  }

  onEvent(listener: (e: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

const preload = typeof window !== 'undefined' && window.api && window.api.transport === 'electron' ? window.api : null;
/** Browser mode's token, from the page address (`/?token=…`). */
const token = preload ? '' : (new URLSearchParams(location.search).get('token') ?? '');

const socket = preload ? null : new SocketTransport(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`);

export const transportKind: 'electron' | 'browser' = preload ? 'electron' : 'browser';

/** The typed service API; failures reject with `AppError`. */
export const api = createClient(preload ? electronTransport(preload) : socket!);

/** Connection state; Electron's IPC is always connected. */
export function connectionStatus(): ConnectionStatus {
  return socket ? socket.status : 'open';
}

export function onConnectionChange(listener: (s: ConnectionStatus) => void): () => void {
  return socket ? socket.onStatus(listener) : () => {};
}

export type ImportSource = { kind: 'upload'; uploadId: string } | { kind: 'path'; path: string };

/**
 * Makes a chosen file importable. In Electron with a preload that can name the file's path, the
 * job reads it in place; otherwise its bytes are uploaded to browser mode's `/upload`.
 * `onProgress` receives 0..1; aborting `signal` stops the upload with a `cancelled` error.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void = () => {}, signal?: AbortSignal): Promise<ImportSource> {
  if (preload?.getPathForFile) {
    const path = preload.getPathForFile(file);
    if (path) return Promise.resolve({ kind: 'path', path });
  }
  return new Promise((resolve, reject) => {
    // XMLHttpRequest rather than fetch: it reports upload progress, which matters for big files.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader(TOKEN_HEADER, token);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status === 200) {
        try {
          const { uploadId } = JSON.parse(xhr.responseText) as { uploadId: string };
          onProgress(1);
          resolve({ kind: 'upload', uploadId });
        } catch {
          reject(new AppError('internal', 'The upload finished but Modelbench answered with something unexpected.'));
        }
      } else {
        reject(new AppError('bad-input', xhr.responseText || `The upload of ${file.name} failed (HTTP ${xhr.status}).`, { file: file.name }));
      }
    };
    xhr.onerror = () => reject(new AppError('internal', `The upload of ${file.name} failed: Modelbench could not be reached.`, { file: file.name }));
    xhr.onabort = () => reject(new AppError('cancelled', 'The upload was cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Where browser mode serves an exported file; null in Electron, where it is already on disk. */
export function exportDownloadUrl(exportId: number, file?: string): string | null {
  return preload ? null : `/exports/${exportId}${file ? `/${encodeURIComponent(file)}` : ''}?token=${encodeURIComponent(token)}`;
}

/** Where browser mode serves a predictions file (`PredictResult.downloadId`); null in Electron, where it is already on disk. */
export function predictionsDownloadUrl(downloadId: string): string | null {
  return preload ? null : `/predictions/${encodeURIComponent(downloadId)}?token=${encodeURIComponent(token)}`;
}
