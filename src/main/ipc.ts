/**
 * The one place the services are put on Electron IPC (DESIGN.md §2). Shape after VS Code's
 * `validatedIpcMain`: every handler first checks who is calling (the app's own main frame), then
 * hands the single argument to the shared dispatcher, which validates it with the zod contract.
 * Nothing here needs Electron at runtime, so it is tested with fakes.
 */
import type { AppErrorData } from '../shared/errors';
import { channelOf, serviceMethods } from '../shared/methods';
import type { Dispatch, RpcResult } from '../shared/rpc';

/** The part of `Electron.WebFrameMain` the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  /** `null` for a top-level (main) frame. */
  readonly parent: unknown;
}

/** The part of `Electron.IpcMainInvokeEvent` this module reads. */
export interface IpcInvokeEventLike {
  /** `null` when the frame has navigated away or been destroyed since it sent the message. */
  readonly senderFrame: SenderFrameLike | null;
}

/** The part of `Electron.IpcMain` this module uses: `handle` only. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<RpcResult>): void;
}

/**
 * A sender check: true only for a live top-level frame showing one of the app's own pages.
 * Iframes (even same-origin ones) and any other origin are refused, so a page that somehow got
 * loaded in the window, or content framed inside ours, cannot call the services.
 */
export function createSenderCheck(isAppUrl: (url: string) => boolean): (event: IpcInvokeEventLike) => boolean {
  return (event) => {
    const frame = event?.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return typeof frame.url === 'string' && isAppUrl(frame.url);
  };
}

function refuse(kind: AppErrorData['kind'], message: string): RpcResult {
  return { ok: false, error: { kind, message } };
}

/**
 * Registers one `ipcMain.handle` per contract method, on `channelOf(service, method)`.
 *
 * Guarantees: a handler exists for exactly the names in `serviceMethods` (an unknown name has no
 * channel, so Electron rejects the invoke); the service and method come from the channel, never
 * from the payload; an untrusted sender gets `forbidden`; more than one argument is `bad-input`;
 * the argument reaches the implementation only after `dispatch` validates it. A handler never
 * throws: every outcome is an `RpcResult`, which survives structured cloning.
 * Returns the registered channel names.
 */
export function registerServices(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): string[] {
  const channels: string[] = [];
  for (const [service, methods] of Object.entries(serviceMethods)) {
    for (const method of methods) {
      const channel = channelOf(service, method);
      ipcMain.handle(channel, async (event, ...args) => {
        let trusted = false;
        try {
          trusted = isTrustedSender(event);
        } catch {
          trusted = false;
        }
        if (!trusted) return refuse('forbidden', `This window may not call ${service}.${method}.`);
        if (args.length > 1) return refuse('bad-input', `${service}.${method} takes one argument, not ${args.length}.`);
        try {
          return await dispatch(service, method, args[0]);
        } catch (e) {
          // `createDispatcher` never throws; this guards a replacement that does.
          return refuse('internal', e instanceof Error ? e.message : 'Something went wrong.');
        }
      });
      channels.push(channel);
    }
  }
  return channels;
}
