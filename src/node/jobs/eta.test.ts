import { describe, expect, it } from 'vitest';
import { describeRemaining, estimateRemaining } from './handlers';

describe('training time left', () => {
  it('extrapolates from the time so far once there is enough progress', () => {
    expect(estimateRemaining(0, 0.25, 10_000)).toBe(30);
    expect(estimateRemaining(0, 0.02, 10_000)).toBeNull();
    expect(estimateRemaining(0, 0.5, 1_000)).toBeNull();
    expect(estimateRemaining(0, 1, 10_000)).toBeNull();
  });
  it('says it in plain words', () => {
    expect(describeRemaining(31)).toBe('about 30 s left');
    expect(describeRemaining(2)).toBe('about 1 s left');
    expect(describeRemaining(200)).toBe('about 3 min left');
  });
});
