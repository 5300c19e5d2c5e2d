import type { StepDef } from './types';

const steps = new Map<string, StepDef>();

/** Registers a step kind. Throws on a duplicate kind: kinds are stable storage keys. */
export function registerStep<P extends StepDef['defaults'], S extends StepDef['defaults']>(def: StepDef<P, S>): StepDef<P, S> {
  if (steps.has(def.kind)) throw new Error(`Step kind ${def.kind} is already registered.`);
  steps.set(def.kind, def as unknown as StepDef);
  return def;
}

export function getStep(kind: string): StepDef {
  const s = steps.get(kind);
  if (!s) throw new Error(`Unknown step kind ${kind}.`);
  return s;
}

export function allSteps(): StepDef[] {
  return [...steps.values()];
}
