import { describe, expect, it, vi } from 'vitest';
import type { ServiceImpl } from '../shared/contract';
import { channelOf, serviceMethods } from '../shared/methods';
import { createDispatcher, type RpcResult } from '../shared/rpc';
import { createSenderCheck, registerServices, type IpcInvokeEventLike, type IpcMainLike } from './ipc';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<RpcResult>;

/** An ipcMain that records handlers and lets a test invoke them as the renderer would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  /** Like `ipcRenderer.invoke`: an unregistered channel rejects, as Electron does. */
  async invoke(event: IpcInvokeEventLike, channel: string, ...args: unknown[]): Promise<RpcResult> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    // Electron structured-clones arguments and results across processes.
    return structuredClone(await h(event, ...structuredClone(args)));
  }
}

const APP = 'app://modelbench';
const isAppUrl = (url: string) => url.startsWith(`${APP}/`);
const mainFrame = (url = `${APP}/index.html`): IpcInvokeEventLike => ({ senderFrame: { url, parent: null } });

function setup() {
  const calls: { service: string; method: string; arg: unknown }[] = [];
  const impl: Record<string, Record<string, (arg: unknown) => Promise<unknown>>> = {};
  for (const [service, methods] of Object.entries(serviceMethods)) {
    impl[service] = {};
    for (const method of methods) {
      impl[service][method] = vi.fn(async (arg: unknown) => {
        calls.push({ service, method, arg });
        return { echoed: arg };
      });
    }
  }
  const ipc = new FakeIpcMain();
  const dispatch = vi.fn(createDispatcher(impl as unknown as ServiceImpl));
  const channels = registerServices(ipc, dispatch, createSenderCheck(isAppUrl));
  return { ipc, impl, calls, dispatch, channels };
}

describe('registerServices', () => {
  it('registers exactly one handler per contract method and nothing else', () => {
    const { ipc, channels } = setup();
    const expected = Object.entries(serviceMethods).flatMap(([s, ms]) => ms.map((m) => channelOf(s, m)));
    expect([...ipc.handlers.keys()].sort()).toEqual([...expected].sort());
    expect(channels.sort()).toEqual([...expected].sort());
  });

  it('passes a valid call to the service with the parsed (defaulted) argument', async () => {
    const { ipc, impl, calls } = setup();
    const r = await ipc.invoke(mainFrame(), channelOf('projects', 'open'), { path: '/tmp/a.mbproj' });
    expect(r).toEqual({ ok: true, value: { echoed: { path: '/tmp/a.mbproj' } } });
    expect(impl.projects!.open).toHaveBeenCalledTimes(1);
    const r2 = await ipc.invoke(mainFrame(), channelOf('training', 'start'), {});
    expect(r2.ok).toBe(true);
    expect(calls.at(-1)).toEqual({ service: 'training', method: 'start', arg: { models: ['linear'], folds: 5, seed: 0 } });
  });

  const malformed: [string, string, unknown[]][] = [
    ['wrong type', 'projects.open', [{ path: 42 }]],
    ['missing field', 'projects.open', [{}]],
    ['bad value', 'datasets.rows', [{ offset: -1, limit: 10 }]],
    ['extra key', 'projects.open', [{ path: 'a.mbproj', extra: true }]],
    ['extra key on an empty schema', 'projects.current', [{ x: 1 }]],
    ['own __proto__ key', 'projects.open', [JSON.parse('{"path":"a.mbproj","__proto__":{"polluted":true}}')]],
    ['constructor key', 'projects.open', [{ path: 'a.mbproj', constructor: 'x' }]],
    ['prototype key', 'jobs.cancel', [{ jobId: 'j1', prototype: {} }]],
    ['string instead of object', 'projects.open', ['a.mbproj']],
    ['array instead of object', 'projects.open', [['a.mbproj']]],
    ['null', 'projects.open', [null]],
    ['no argument', 'projects.open', []],
    ['number', 'jobs.cancel', [7]],
    ['two arguments', 'projects.open', [{ path: 'a.mbproj' }, { path: 'b.mbproj' }]],
    ['nested discriminated union with unknown kind', 'datasets.import', [{ source: { kind: 'url', url: 'http://x' } }]],
  ];

  it.each(malformed)('rejects %s with bad-input and never calls the service', async (_name, name, args) => {
    const { ipc, calls } = setup();
    const [service, method] = name.split('.') as [string, string];
    const r = await ipc.invoke(mainFrame(), channelOf(service, method), ...args);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('bad-input');
    expect(calls).toEqual([]);
  });

  it('has no channel for unknown or prototype method names, and the dispatcher refuses them', async () => {
    const { ipc, calls, dispatch } = setup();
    for (const [service, method] of [
      ['projects', 'delete'],
      ['projects', '__proto__'],
      ['projects', 'constructor'],
      ['projects', 'toString'],
      ['__proto__', 'open'],
      ['constructor', 'name'],
      ['hasOwnProperty', 'call'],
    ] as const) {
      await expect(ipc.invoke(mainFrame(), channelOf(service, method), {})).rejects.toThrow(/No handler/);
      const r = await dispatch(service, method, {});
      expect(r).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses untrusted senders before looking at the argument', async () => {
    const { ipc, calls, dispatch } = setup();
    const untrusted: IpcInvokeEventLike[] = [
      { senderFrame: null },
      { senderFrame: { url: 'https://evil.example/index.html', parent: null } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { senderFrame: { url: `${APP}/index.html`, parent: { url: `${APP}/index.html` } } }, // an iframe
      { senderFrame: { url: 'about:blank', parent: null } },
      {} as IpcInvokeEventLike,
    ];
    for (const event of untrusted) {
      const r = await ipc.invoke(event, channelOf('projects', 'open'), { path: 'a.mbproj' });
      expect(r).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('treats a throwing sender check as untrusted', async () => {
    const ipc = new FakeIpcMain();
    const dispatch = vi.fn(async (): Promise<RpcResult> => ({ ok: true, value: null }));
    registerServices(ipc, dispatch, () => {
      throw new Error('frame destroyed');
    });
    const r = await ipc.invoke(mainFrame(), channelOf('projects', 'current'), {});
    expect(r).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('returns service failures as data instead of throwing', async () => {
    const { ipc, impl } = setup();
    vi.mocked(impl.projects!.current!).mockRejectedValueOnce(new Error('disk on fire'));
    const r = await ipc.invoke(mainFrame(), channelOf('projects', 'current'), {});
    expect(r).toEqual({ ok: false, error: { kind: 'internal', message: 'disk on fire' } });
  });
});

describe('createSenderCheck', () => {
  it('accepts only a top-level frame on an app URL', () => {
    const check = createSenderCheck(isAppUrl);
    expect(check(mainFrame())).toBe(true);
    expect(check(mainFrame('app://modelbench.evil/index.html'))).toBe(false);
    expect(check({ senderFrame: { url: `${APP}/x`, parent: undefined } })).toBe(false);
  });
});
