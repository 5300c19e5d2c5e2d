/**
 * ONNX parity for every step contract case: the fitted pipeline exported to ONNX and run in
 * onnxruntime-node gives the in-app transform's output on the training rows and on test rows
 * with missing values, unseen categories and unseen words. Numbers: |Δ| ≤ 1e-6 (relative to the
 * value above 1); category codes and NaN positions: equal.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraph, encodeModel } from '../../core/export/onnx/graph';
import { isNumeric, type Frame } from '../../core/frame/frame';
import { prepareCase } from '../../core/steps/contract-kit';
import { STEP_CASES } from '../../core/steps/cases';
import { applySteps, pipelineToOnnx, toMatrix, toWork, type FittedPipeline } from '../../core/steps/pipeline';
import { allSteps } from '../../core/steps/registry';

function feeds(p: FittedPipeline, frame: Frame): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const ic of p.input) {
    const c = frame.column(ic.name);
    if (ic.type === 'num' && isNumeric(c)) out[ic.name] = new ort.Tensor('float64', Float64Array.from(c.values), [frame.rows, 1]);
    else out[ic.name] = new ort.Tensor('string', Array.from({ length: frame.rows }, (_, i) => { const v = frame.cell(i, c); return v === null ? '' : String(v); }), [frame.rows, 1]);
  }
  return out;
}

export function pipelineModel(p: FittedPipeline): Uint8Array {
  const g = new OnnxGraph('steps');
  const f = pipelineToOnnx(g, p);
  g.output(g.op('Identity', [f]), 'features', 'double', ['N', p.features.length]);
  // Opsets match the model exporter's (src/core/export/model-onnx.ts).
  return encodeModel({ graph: g, opsets: { '': 17, 'ai.onnx.ml': 3, 'com.microsoft': 1 }, producerName: 'Modelbench', producerVersion: 'test', docString: '', metadata: {} });
}

/** The worst difference between two row-major matrices, as described above. */
function worst(a: Float64Array, b: Float64Array, cols: number, names: string[]): { diff: number; where: string } {
  let diff = 0;
  let where = '';
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const d = Number.isNaN(x) || Number.isNaN(y) ? (Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity) : Math.abs(x - y) / Math.max(1, Math.abs(x));
    if (d > diff) { diff = d; where = `row ${Math.floor(i / cols)}, ${names[i % cols]}: app ${x}, onnx ${y}`; }
  }
  return { diff, where };
}

describe('step ONNX parity (onnxruntime-node)', () => {
  it('every registered step kind is covered', () => {
    const covered = new Set(STEP_CASES.map((c) => c.kind));
    expect(allSteps().map((s) => s.kind).filter((k) => !covered.has(k))).toEqual([]);
  });

  for (const c of STEP_CASES) {
    it(`${c.title ?? c.kind}: onnxruntime output equals the in-app transform`, async () => {
      const p = prepareCase(c);
      const bytes = pipelineModel(p.pipeline);
      const session = await ort.InferenceSession.create(bytes);
      try {
        for (const frame of [p.train, p.test]) {
          const app = toMatrix(applySteps(toWork(frame, p.pipeline.input), p.pipeline.steps));
          expect(app.names).toEqual(p.pipeline.features);
          const out = await session.run(feeds(p.pipeline, frame));
          const got = out.features!;
          expect(got.dims).toEqual([frame.rows, app.cols]);
          const w = worst(app.x, Float64Array.from(got.data as Float64Array), app.cols, app.names);
          expect(w.diff, w.where).toBeLessThanOrEqual(1e-6);
        }
      } finally {
        await session.release();
      }
    });
  }
});
