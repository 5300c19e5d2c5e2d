import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/helpers/paths';
import { fitOnRows, planTraining, predictProba, type FittedModel } from '../evaluate/train';
import { Frame } from '../frame/frame';
import { modelToOnnx } from './model-onnx';
import { onnxSnippets, type SnippetModel } from './snippets';

const dir = mkdtempSync(join(tmpdir(), 'mb-snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const churn: SnippetModel = {
  fileName: 'churn - run 1.onnx',
  task: 'binary',
  classes: ['No', 'Yes'],
  inputs: [
    { name: 'tenure', type: 'num', kind: 'integer' },
    { name: 'monthly charges', type: 'num', kind: 'number' },
    { name: 'contract', type: 'code', kind: 'category', categories: ['Month-to-month', 'One year', 'Two year'] },
    { name: 'signup', type: 'num', kind: 'date' },
    { name: 'say "hi"', type: 'text', kind: 'text' },
  ],
};

describe('ONNX usage snippets', () => {
  it('name every input with its ONNX type and shape, in each language', () => {
    const s = onnxSnippets(churn);
    // Python: numbers and dates as float64, categories and text as str objects, all [N, 1].
    expect(s.python).toContain('session = ort.InferenceSession("churn - run 1.onnx")');
    expect(s.python).toContain('for name in ["tenure", "monthly charges"]:  # numbers: float64, NaN = missing');
    expect(s.python).toContain('for name in ["signup"]:  # dates: milliseconds since 1970-01-01 UTC');
    expect(s.python).toContain('for name in ["contract", "say \\"hi\\""]:  # categories and text: str, "" = missing');
    expect(s.python).toContain('label, probabilities = session.run(["label", "probabilities"], feeds)');
    expect(s.python).toContain('classes = ["No", "Yes"]');
    // C#: DenseTensor<double> / DenseTensor<string> of shape [n, 1], one per input.
    expect(s.csharp).toContain('NamedOnnxValue.CreateFromTensor("tenure", new DenseTensor<double>(new double[] { 0 }, new[] { n, 1 })),');
    expect(s.csharp).toContain('NamedOnnxValue.CreateFromTensor("contract", new DenseTensor<string>(new string[] { "Month-to-month" }, new[] { n, 1 })),');
    expect(s.csharp).toContain('NamedOnnxValue.CreateFromTensor("say \\"hi\\"", new DenseTensor<string>(new string[] { "" }, new[] { n, 1 })),');
    expect(s.csharp).toContain('AsTensor<float>()');
    expect(s.csharp.match(/CreateFromTensor/g)).toHaveLength(5);
    // JavaScript: float64 / string tensors.
    expect(s.javascript).toContain(`"monthly charges": new ort.Tensor('float64', Float64Array.from([0]), [n, 1]),`);
    expect(s.javascript).toContain(`"signup": new ort.Tensor('float64', Float64Array.from([${Date.UTC(2024, 0, 31)}]), [n, 1]),`);
    expect(s.javascript).toContain(`"contract": new ort.Tensor('string', ["Month-to-month"], [n, 1]),`);
  });

  it('regression models read `value`', () => {
    const s = onnxSnippets({ fileName: 'price.onnx', task: 'regression', classes: [], inputs: [{ name: 'area', type: 'num' }] });
    expect(s.python).toContain('(value,) = session.run(["value"], feeds)');
    expect(s.csharp).toContain('results.First(r => r.Name == "value").AsTensor<double>()');
    expect(s.javascript).toContain('results.value.data[0]');
    expect(s.python).not.toContain('probabilities');
  });

  it('the JavaScript snippet runs as written against a real export and prints what the app predicts', () => {
    const rows = 200;
    let seed = 3;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const tenure = Float64Array.from({ length: rows }, () => Math.floor(rnd() * 70));
    const plans = ['Month-to-month', 'One year', 'Two year'];
    const codes = Int32Array.from({ length: rows }, () => Math.floor(rnd() * 3));
    const y = Int32Array.from({ length: rows }, (_, i) => (rnd() < (codes[i] === 0 ? 0.6 : 0.2) + tenure[i]! / 400 ? 1 : 0));
    const frame = new Frame([
      { name: 'tenure', kind: 'integer', values: tenure },
      { name: 'contract', kind: 'category', codes, dictionary: plans },
      { name: 'churn', kind: 'category', codes: y, dictionary: ['No', 'Yes'] },
    ]);
    const plan = planTraining(frame, { target: 'churn', features: ['tenure', 'contract'], model: 'linear', folds: 2, seed: 0 });
    const final = fitOnRows(plan, null);
    const model: FittedModel = {
      formatVersion: 1, model: 'linear', task: plan.task, target: 'churn', classes: plan.classes, positiveClass: 'Yes',
      pipeline: final.pipeline, estimator: { kind: plan.est.kind, version: plan.est.version, params: plan.params, state: final.state },
    };
    const file = join(dir, 'churn.onnx');
    writeFileSync(file, modelToOnnx(model, { producerVersion: 'test', dataHash: '', metrics: {} }));
    const s = onnxSnippets({ fileName: file, task: model.task, classes: model.classes, inputs: model.pipeline.input });
    // Run from the repository so that `onnxruntime-node` resolves; the snippet is unchanged.
    const out = execFileSync(process.execPath, ['--input-type=module', '-'], { cwd: repoRoot, input: s.javascript, encoding: 'utf8' });
    // The example row: tenure 0, contract = the first training category.
    const one = new Frame([
      { name: 'tenure', kind: 'integer', values: Float64Array.of(0) },
      { name: 'contract', kind: 'category', codes: Int32Array.of(0), dictionary: ['Month-to-month'] },
    ]);
    const p = predictProba(model, one);
    const m = /^(\w+) \{ No: ([\d.e-]+), Yes: ([\d.e-]+) \}/.exec(out.trim());
    expect(m, out).not.toBeNull();
    expect(m![1]).toBe(p[1]![0]! > p[0]![0]! ? 'Yes' : 'No');
    expect(Math.abs(Number(m![2]) - p[0]![0]!)).toBeLessThan(1e-6);
    expect(Math.abs(Number(m![3]) - p[1]![0]!)).toBeLessThan(1e-6);
  });
});
