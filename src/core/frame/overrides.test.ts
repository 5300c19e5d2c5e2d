import { describe, expect, it } from 'vitest';
import { Frame } from './frame';
import { allowedKinds, applyKindOverrides } from './overrides';

const frame = () => new Frame([
  { name: 'zip', kind: 'integer', values: Float64Array.from([1010, 2020, 1010, NaN]) },
  { name: 'score', kind: 'category', codes: Int32Array.from([0, 1, 2, -1]), dictionary: ['1.5', '2', 'n/a'] },
  { name: 'x', kind: 'number', values: Float64Array.from([1, 2, 3, 4]) },
]);

describe('column kind corrections', () => {
  it('turns numbers into categories, one level per distinct value, missing kept', () => {
    const f = applyKindOverrides(frame(), { zip: 'category' });
    const zip = f.column('zip');
    expect(zip.kind).toBe('category');
    expect([0, 1, 2, 3].map((i) => f.cell(i, zip))).toEqual(['1010', '2020', '1010', null]);
  });
  it('reads categories as numbers, non-numbers becoming missing', () => {
    const f = applyKindOverrides(frame(), { score: 'number' });
    const s = f.column('score');
    expect([0, 1, 2, 3].map((i) => f.cell(i, s))).toEqual([1.5, 2, null, null]);
  });
  it('shares untouched columns and leaves the original frame as it was', () => {
    const original = frame();
    const f = applyKindOverrides(original, { zip: 'identifier' });
    expect(f.column('x')).toBe(original.column('x'));
    expect(original.column('zip').kind).toBe('integer');
    expect(f.column('zip').kind).toBe('identifier');
  });
  it('lists what each kind may become', () => {
    expect(allowedKinds('integer')).toContain('category');
    expect(allowedKinds('date')).not.toContain('number');
  });
});
