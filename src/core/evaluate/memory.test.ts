import { describe, expect, it } from 'vitest';
import { estimateTrainingBytes, preparedWidth } from './memory';

describe('training memory estimate', () => {
  it('counts one prepared column per number and per category level (capped at 100)', () => {
    expect(preparedWidth([{ kind: 'number', distinct: 500 }, { kind: 'category', distinct: 3 }, { kind: 'category', distinct: 5000 }])).toBe(104);
  });
  it('adds up raw data, per-thread matrices and per-family extras', () => {
    const cols = [{ kind: 'number' as const, distinct: 10 }, { kind: 'category' as const, distinct: 3 }];
    // raw = 1000·2·8 = 16,000; matrix = 1000·4·8 = 32,000; per thread = 16,000 + 64,000 = 80,000.
    expect(estimateTrainingBytes(1000, cols, ['linear'], 2)).toBe(16_000 + 3 * 80_000);
    expect(estimateTrainingBytes(1000, cols, ['linear', 'knn'], 2)).toBe(16_000 + 3 * 80_000 + 64_000);
  });
});
