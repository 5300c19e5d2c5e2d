import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { utilityProcessChannel } from './jobs';

class FakeUtility extends EventEmitter {
  readonly posted: unknown[] = [];
  readonly kill = vi.fn(() => {
    this.emit('exit', 15);
    return true;
  });
  postMessage(m: unknown) {
    this.posted.push(m);
  }
}

describe('utilityProcessChannel', () => {
  it('forwards messages both ways', () => {
    const child = new FakeUtility();
    const ch = utilityProcessChannel(child);
    const got: unknown[] = [];
    ch.onMessage((m) => got.push(m));
    ch.postMessage({ type: 'run', id: 1 });
    child.emit('message', { type: 'progress', id: 1 });
    expect(child.posted).toEqual([{ type: 'run', id: 1 }]);
    expect(got).toEqual([{ type: 'progress', id: 1 }]);
  });

  it('reports the exit once to every listener, even one added later', async () => {
    const child = new FakeUtility();
    const ch = utilityProcessChannel(child);
    const early = vi.fn();
    ch.onExit(early);
    child.emit('exit', 3);
    child.emit('exit', 4);
    expect(early).toHaveBeenCalledTimes(1);
    expect(early).toHaveBeenCalledWith(3);
    const late = vi.fn();
    ch.onExit(late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledWith(3);
  });

  it('kills once and ignores posts and kills after exit', () => {
    const child = new FakeUtility();
    const ch = utilityProcessChannel(child);
    ch.kill();
    ch.kill();
    ch.postMessage({ type: 'late' });
    expect(child.kill).toHaveBeenCalledTimes(1);
    expect(child.posted).toEqual([]);
  });
});
