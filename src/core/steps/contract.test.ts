import { describe, expect, it } from 'vitest';
import { checkStepCase } from './contract-kit';
import { STEP_CASES } from './cases';
import { allSteps } from './registry';

describe('step contract', () => {
  it('every registered step kind has at least one contract case', () => {
    const covered = new Set(STEP_CASES.map((c) => c.kind));
    expect(allSteps().map((s) => s.kind).filter((k) => !covered.has(k))).toEqual([]);
  });

  it('every step has a label, description, group and params info for each default', () => {
    for (const s of allSteps()) {
      expect(s.label.length, s.kind).toBeGreaterThan(3);
      expect(s.description.length, s.kind).toBeGreaterThan(10);
      expect(s.group, s.kind).toBeTruthy();
      const info = new Set(s.paramsInfo.map((p) => p.name));
      for (const k of Object.keys(s.defaults as object)) expect(info.has(k), `${s.kind}.${k} has no params info`).toBe(true);
    }
  });

  for (const c of STEP_CASES) {
    it(`${c.title ?? c.kind}: deterministic, JSON state, no mutation, missing/unseen values, schema`, () => {
      expect(checkStepCase(c)).toEqual([]);
    });
  }
});
