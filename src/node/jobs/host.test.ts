import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../shared/dto';
import type { JobChannel } from './channel';
import { JobHost } from './host';

/** A fake job process the test drives by hand. */
function fakeChannel() {
  let onMsg: (m: unknown) => void = () => {};
  let onExit: (c: number | null) => void = () => {};
  const sent: unknown[] = [];
  let killed = false;
  const channel: JobChannel = {
    postMessage: (m) => sent.push(m),
    onMessage: (l) => { onMsg = l; },
    onExit: (l) => { onExit = l; },
    kill: () => { killed = true; onExit(null); },
  };
  return { channel, sent, emit: (m: unknown) => onMsg(m), exit: (c: number | null) => onExit(c), get killed() { return killed; } };
}

const baseArgs = { projectPath: 'p.mbproj', target: 't', features: ['a'], models: ['linear'], folds: 5, seed: 0 };

describe('job host', () => {
  it('relays progress and applies the result before announcing done', async () => {
    const f = fakeChannel();
    const host = new JobHost(() => f.channel);
    const events: JobEvent[] = [];
    host.onEvent((e) => events.push(e));
    const applied: unknown[] = [];
    const { jobId, done } = host.start('train', baseArgs, (r) => { applied.push(r); events.push({ jobId: 'apply', kind: 'train', state: 'running', fraction: 0, message: 'applied' }); });
    expect(f.sent[0]).toMatchObject({ type: 'start', jobId, kind: 'train' });
    f.emit({ type: 'progress', jobId, fraction: 0.5, message: 'half' });
    f.emit({ type: 'done', jobId, result: { ok: 1 } });
    await expect(done).resolves.toEqual({ ok: 1 });
    expect(applied).toEqual([{ ok: 1 }]);
    expect(events.map((e) => e.message)).toEqual(['Starting', 'half', 'applied', 'Done']);
  });

  it('turns a crash into a plain failure and keeps going', async () => {
    const f = fakeChannel();
    const host = new JobHost(() => f.channel);
    const { done } = host.start('train', baseArgs);
    f.exit(134);
    await expect(done).rejects.toMatchObject({ kind: 'job-crashed', message: expect.stringContaining('stopped unexpectedly') });
    expect(host.runningCount).toBe(0);
  });

  it('cancel kills the process and reports cancelled', async () => {
    const f = fakeChannel();
    const host = new JobHost(() => f.channel);
    const { jobId, done } = host.start('train', baseArgs);
    expect(host.cancel(jobId)).toBe(true);
    expect(f.killed).toBe(true);
    await expect(done).rejects.toMatchObject({ kind: 'cancelled' });
    expect(host.cancel(jobId)).toBe(false);
  });

  it('a failing apply fails the job', async () => {
    const f = fakeChannel();
    const host = new JobHost(() => f.channel);
    const { jobId, done } = host.start('train', baseArgs, () => { throw new Error('disk full'); });
    f.emit({ type: 'done', jobId, result: 1 });
    await expect(done).rejects.toMatchObject({ message: 'disk full' });
  });

  it('keeps one warm process ready: a job takes it, a new spare starts, a dead spare is replaced', async () => {
    const made: ReturnType<typeof fakeChannel>[] = [];
    const host = new JobHost(() => { const f = fakeChannel(); made.push(f); return f.channel; }, { warm: true });
    expect(made.length).toBe(1);
    const first = host.start('train', baseArgs);
    // The job went to the process that was already running.
    expect(made[0]!.sent[0]).toMatchObject({ type: 'start', jobId: first.jobId });
    await new Promise((r) => setImmediate(r));
    expect(made.length).toBe(2);
    // The spare dies while idle: the next job gets a fresh process, not the dead one.
    made[1]!.exit(1);
    const second = host.start('train', baseArgs);
    expect(made[1]!.sent).toEqual([]);
    expect(made[2]!.sent[0]).toMatchObject({ type: 'start', jobId: second.jobId });
    await new Promise((r) => setImmediate(r));
    host.dispose();
    expect(made.at(-1)!.killed).toBe(true);
  });
});
