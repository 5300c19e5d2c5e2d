import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, eventChannel, serviceMethods } from '../shared/methods';

// The real 'electron' module cannot load outside the Electron binary; the preload only needs
// contextBridge and ipcRenderer, so both are fakes here.
const exposed = new Map<string, unknown>();
const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
const ipcRenderer = {
  invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
  on: vi.fn((channel: string, l: (...a: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), l])),
  removeListener: vi.fn((channel: string, l: (...a: unknown[]) => void) => listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l))),
};
const webUtils = { getPathForFile: vi.fn((f: { name: string }) => `/picked/${f.name}`) };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer,
  webUtils,
}));

type Api = Record<string, Record<string, (arg?: unknown) => Promise<unknown>>> & {
  onEvent(cb: (e: unknown) => void): () => void;
  transport: string;
  getPathForFile(file: unknown): string;
};

beforeEach(async () => {
  vi.resetModules();
  exposed.clear();
  listeners.clear();
  ipcRenderer.invoke.mockClear();
  await import('./index');
});

describe('preload', () => {
  it('exposes only `api`: a frozen proxy of every contract method, onEvent and transport', () => {
    expect([...exposed.keys()]).toEqual(['api']);
    const api = exposed.get('api') as Api;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(serviceMethods), 'getPathForFile', 'onEvent', 'transport'].sort());
    for (const [service, methods] of Object.entries(serviceMethods)) {
      expect(Object.isFrozen(api[service])).toBe(true);
      expect(Object.keys(api[service]!).sort()).toEqual([...methods].sort());
    }
    expect(api.transport).toBe('electron');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send/i);
  });

  it('sends exactly one argument on the method channel and returns the RpcResult untouched', async () => {
    const api = exposed.get('api') as Api;
    const r = await api.projects!.open!({ path: 'a.mbproj' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(channelOf('projects', 'open'), { path: 'a.mbproj' });
    expect(r).toEqual({ ok: true, value: { channel: 'mb:projects.open', args: [{ path: 'a.mbproj' }] } });
    await (api.jobs!.cancel as (...a: unknown[]) => Promise<unknown>)({ jobId: 'x' }, 'extra');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(channelOf('jobs', 'cancel'), { jobId: 'x' });
  });

  it('delivers events without the IPC event object and unsubscribes', () => {
    const api = exposed.get('api') as Api;
    const got: unknown[] = [];
    const off = api.onEvent((e) => got.push(e));
    const fakeIpcEvent = { sender: ipcRenderer };
    for (const l of listeners.get(eventChannel) ?? []) l(fakeIpcEvent, { type: 'project', project: null });
    expect(got).toEqual([{ type: 'project', project: null }]);
    off();
    expect(listeners.get(eventChannel)).toEqual([]);
  });

  it('gives the path of a picked file through webUtils, and nothing else of Electron', () => {
    const api = exposed.get('api') as Api;
    expect(api.getPathForFile({ name: 'data.csv' })).toBe('/picked/data.csv');
    expect(webUtils.getPathForFile).toHaveBeenCalledTimes(1);
  });
});
