import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ServiceImpl } from './contract';
import { AppError } from './errors';
import { createClient, createDispatcher, createMemoryTransport } from './rpc';
import { serviceMethods } from './methods';
import { APP_VERSION } from './version';
import { contract } from './contract';

function fakeImpl() {
  const spy = vi.fn(async (a: unknown) => a);
  const impl = Object.fromEntries(Object.entries(serviceMethods).map(([s, ms]) => [s, Object.fromEntries(ms.map((m) => [m, spy]))])) as unknown as ServiceImpl;
  return { impl, spy };
}

describe('service contract', () => {
  it('has one schema per method name', () => {
    for (const [s, ms] of Object.entries(serviceMethods)) expect(Object.keys((contract as Record<string, object>)[s]!).sort()).toEqual([...ms].sort());
  });

  it('passes validated, defaulted arguments through the in-memory transport', async () => {
    const { impl, spy } = fakeImpl();
    const api = createClient(createMemoryTransport(createDispatcher(impl), { onEvent: () => () => {} }));
    await api.training.start({});
    expect(spy).toHaveBeenCalledWith({ models: ['linear'], folds: 5, seed: 0 });
  });

  it('rejects malformed arguments before any service runs, as typed errors', async () => {
    const { impl, spy } = fakeImpl();
    const dispatch = createDispatcher(impl);
    for (const [s, m, a] of [
      ['training', 'start', { folds: 1 }], ['training', 'start', { folds: 5, extra: 1 }], ['projects', 'open', { path: 'x.txt' }],
      ['projects', 'open', null], ['projects', 'toString', {}], ['__proto__', 'x', {}], ['datasets', 'import', { source: { kind: 'upload', uploadId: '../../etc/passwd' } }],
    ] as const) {
      const r = await dispatch(s, m, a);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.kind).toBe('bad-input');
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('carries an error kind and its place in the file across the transport', async () => {
    const { impl } = fakeImpl();
    impl.projects.current = async () => { throw new AppError('bad-input', 'expected a number, found `forty`', { file: 'a.csv', line: 1042, column: 'age' }); };
    const api = createClient(createMemoryTransport(createDispatcher(impl), { onEvent: () => () => {} }));
    await expect(api.projects.current({})).rejects.toMatchObject({ kind: 'bad-input', file: 'a.csv', line: 1042, column: 'age' });
  });

  it('keeps APP_VERSION equal to package.json', () => {
    expect(APP_VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});
