import type { EstimatorDef } from './types';

const estimators = new Map<string, EstimatorDef>();

/** Registers an estimator kind. Throws on a duplicate kind: kinds are stable storage keys. */
export function registerEstimator<P extends EstimatorDef['defaults'], S extends EstimatorDef['defaults']>(def: EstimatorDef<P, S>): EstimatorDef<P, S> {
  if (estimators.has(def.kind)) throw new Error(`Estimator kind ${def.kind} is already registered.`);
  estimators.set(def.kind, def as unknown as EstimatorDef);
  return def;
}

export function getEstimator(kind: string): EstimatorDef {
  const e = estimators.get(kind);
  if (!e) throw new Error(`Unknown estimator kind ${kind}.`);
  return e;
}

export function allEstimators(): EstimatorDef[] {
  return [...estimators.values()];
}
