import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { OnnxGraph, attr, elemTypeCode, encodeModel } from '../../core/export/onnx/graph';

const OPSETS = { '': 17, 'ai.onnx.ml': 3 };

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes);
}

const col = (values: number[]): ort.Tensor => new ort.Tensor('float64', Float64Array.from(values), [values.length, 1]);
const strCol = (values: string[]): ort.Tensor => new ort.Tensor('string', values, [values.length, 1]);

/** Reads the top-level fields of a protobuf message (enough to inspect ModelProto in tests). */
function readFields(bytes: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  const out: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
  let p = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[p++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
    }
  };
  while (p < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ field, wire, value: bytes.subarray(p, p + len) });
      p += len;
    } else if (wire === 1) {
      out.push({ field, wire, value: bytes.subarray(p, p + 8) });
      p += 8;
    } else if (wire === 5) {
      out.push({ field, wire, value: bytes.subarray(p, p + 4) });
      p += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}
const utf8 = (b: bigint | Uint8Array): string => new TextDecoder().decode(b as Uint8Array);

describe('OnnxGraph + encodeModel in onnxruntime-node', () => {
  // A fitted pipeline as the exporter will emit it: impute + standardise two numeric columns,
  // one-hot a categorical column, logistic regression, class label via LabelEncoder.
  const charges = { mean: 60, scale: 25 };
  const age = { mean: 40, scale: 10 };
  const categories = ['monthly', 'one year', 'two year'];
  const weights = [0.8, -0.5, 1.2, -0.3, -1.0];
  const bias = 0.1;

  function buildPipeline(): Uint8Array {
    const g = new OnnxGraph('pipeline');
    const xCharges = g.input('total charges', 'double', ['N', 1]);
    const xAge = g.input('età', 'double', ['N', 1]);
    const xContract = g.input('contract type 📄', 'string', ['N', 1]);

    const scaled = [
      [xCharges, charges],
      [xAge, age],
    ].map(([x, p]) => {
      const { mean, scale } = p as typeof charges;
      const m = g.constant('mean', { elem: 'double', dims: [1], values: [mean] });
      const s = g.constant('scale', { elem: 'double', dims: [1], values: [scale] });
      const filled = g.op('Where', [g.op('IsNaN', [x as string]), m, x as string]);
      return g.op('Div', [g.op('Sub', [filled, m]), s]);
    });

    // ai.onnx.ml names the numeric lists in the plural (keys_int64s, values_int64s); onnxruntime
    // rejects `values_int64` as an unrecognized attribute.
    const codes = g.op(
      'LabelEncoder',
      [xContract],
      {
        keys_strings: attr.strings(categories),
        values_int64s: attr.ints(categories.map((_, i) => i)),
        default_int64: attr.int(-1),
      },
      'ai.onnx.ml',
    );
    const catIds = g.constant('categories', { elem: 'int64', dims: [1, 3], values: [0n, 1n, 2n] });
    const oneHot = g.op('Cast', [g.op('Equal', [codes, catIds])], { to: attr.int(elemTypeCode('double')) });

    const features = g.op('Concat', [...scaled, oneHot], { axis: attr.int(1) });
    const w = g.constant('W', { elem: 'double', dims: [5, 1], values: Float64Array.from(weights) });
    const b = g.constant('b', { elem: 'double', dims: [1], values: [bias] });
    const p = g.op('Sigmoid', [g.op('Add', [g.op('MatMul', [features, w]), b])]);
    const one = g.constant('one', { elem: 'double', dims: [], values: [1] });
    const probs = g.op('Concat', [g.op('Sub', [one, p]), p], { axis: attr.int(1) });
    const cls = g.op('ArgMax', [probs], { axis: attr.int(1), keepdims: attr.int(1) });
    const label = g.op(
      'LabelEncoder',
      [cls],
      { keys_int64s: attr.ints([0, 1]), values_strings: attr.strings(['No', 'Yes']), default_string: attr.string('?') },
      'ai.onnx.ml',
    );

    g.output(label, 'label', 'string', ['N', 1]);
    g.output(g.op('Cast', [probs], { to: attr.int(elemTypeCode('float')) }), 'probabilities', 'float', ['N', 2]);
    g.output(features, 'features', 'double', ['N', 5]);
    return encodeModel({
      graph: g,
      opsets: OPSETS,
      producerName: 'modelbench',
      producerVersion: '0.1.0',
      docString: 'test pipeline',
      metadata: { target: 'churn', 'classes': 'No,Yes', 'nota è': 'sì' },
    });
  }

  // Rows: charges, age, contract. Row 2 misses charges, row 3 misses age and has an unseen category.
  const rows: [number, number, string][] = [
    [70.5, 30, 'monthly'],
    [Number.NaN, 45, 'two year'],
    [20, Number.NaN, 'unknown'],
    [100, 61, 'one year'],
    [5, 99, 'two year'],
  ];

  function expected(row: [number, number, string]) {
    const c = Number.isNaN(row[0]) ? charges.mean : row[0];
    const a = Number.isNaN(row[1]) ? age.mean : row[1];
    const f = [
      (c - charges.mean) / charges.scale,
      (a - age.mean) / age.scale,
      row[2] === 'monthly' ? 1 : 0,
      row[2] === 'one year' ? 1 : 0,
      row[2] === 'two year' ? 1 : 0,
    ];
    const z = f[0] * weights[0] + f[1] * weights[1] + f[2] * weights[2] + f[3] * weights[3] + f[4] * weights[4] + bias;
    const p = 1 / (1 + Math.exp(-z));
    return { features: f, probs: [1 - p, p], label: p > 0.5 ? 'Yes' : 'No' };
  }

  it('runs an impute/scale/one-hot/logistic pipeline and matches hand-computed values', async () => {
    const s = await session(buildPipeline());
    expect(s.inputNames).toEqual(['total charges', 'età', 'contract type 📄']);
    expect(s.outputNames).toEqual(['label', 'probabilities', 'features']);

    const out = await s.run({
      'total charges': col(rows.map((r) => r[0])),
      età: col(rows.map((r) => r[1])),
      'contract type 📄': strCol(rows.map((r) => r[2])),
    });

    expect(out.features.type).toBe('float64');
    expect(out.features.dims).toEqual([rows.length, 5]);
    expect(out.probabilities.type).toBe('float32');
    expect(out.probabilities.dims).toEqual([rows.length, 2]);
    expect(out.label.type).toBe('string');
    expect(out.label.dims).toEqual([rows.length, 1]);

    const feats = out.features.data as Float64Array;
    const probs = out.probabilities.data as Float32Array;
    const labels = out.label.data as string[];
    rows.forEach((row, i) => {
      const e = expected(row);
      for (let j = 0; j < 5; j++) expect(feats[i * 5 + j]).toBeCloseTo(e.features[j], 12);
      expect(probs[i * 2]).toBeCloseTo(Math.fround(e.probs[0]), 6);
      expect(probs[i * 2 + 1]).toBeCloseTo(Math.fround(e.probs[1]), 6);
      expect(labels[i]).toBe(e.label);
    });
    // The rows were chosen so both classes occur.
    expect(new Set(labels)).toEqual(new Set(['No', 'Yes']));
    // Unseen category: all one-hot columns zero.
    expect(Array.from(feats.subarray(2 * 5 + 2, 2 * 5 + 5))).toEqual([0, 0, 0]);
    await s.release();
  });

  it('writes metadata_props, producer and opsets into the ModelProto', async () => {
    const bytes = buildPipeline();
    // onnxruntime-node (1.30) exposes no model metadata on InferenceSession (only input/output
    // metadata), so read the ModelProto fields back from the bytes instead.
    const fields = readFields(bytes);
    expect(fields[0]).toEqual({ field: 1, wire: 0, value: 8n });
    expect(utf8(fields.find((f) => f.field === 2)!.value)).toBe('modelbench');
    expect(utf8(fields.find((f) => f.field === 3)!.value)).toBe('0.1.0');
    expect(utf8(fields.find((f) => f.field === 6)!.value)).toBe('test pipeline');
    const opsets = fields
      .filter((f) => f.field === 8)
      .map((f) => {
        const inner = readFields(f.value as Uint8Array);
        return [utf8(inner.find((x) => x.field === 1)!.value), Number(inner.find((x) => x.field === 2)!.value)];
      });
    expect(Object.fromEntries(opsets)).toEqual(OPSETS);
    const meta = fields
      .filter((f) => f.field === 14)
      .map((f) => {
        const inner = readFields(f.value as Uint8Array);
        return [utf8(inner.find((x) => x.field === 1)!.value), utf8(inner.find((x) => x.field === 2)!.value)];
      });
    expect(Object.fromEntries(meta)).toEqual({ target: 'churn', classes: 'No,Yes', 'nota è': 'sì' });
    // And the model with metadata still loads.
    await (await session(bytes)).release();
  });

  it('accepts batches of 1 and 1000 rows through a symbolic batch dim', async () => {
    const g = new OnnxGraph('batch');
    const x = g.input('x', 'double', ['N', 3]);
    const w = g.constant('w', { elem: 'double', dims: [3, 1], values: [1, 2, 3] });
    const y = g.op('Add', [g.op('MatMul', [x, w]), g.constant('b', { elem: 'double', dims: [1], values: [0.5] })]);
    g.output(y, 'y', 'double', ['N', 1]);
    const s = await session(encodeModel({ graph: g, opsets: { '': 17 } }));
    const meta = s.inputMetadata[0];
    expect(meta.isTensor && meta.shape).toEqual(['N', 3]);

    for (const n of [1, 1000]) {
      const data = new Float64Array(n * 3);
      for (let i = 0; i < data.length; i++) data[i] = (i % 7) - 3;
      const out = await s.run({ x: new ort.Tensor('float64', data, [n, 3]) });
      expect(out.y.dims).toEqual([n, 1]);
      const yv = out.y.data as Float64Array;
      for (const i of [0, n - 1]) {
        expect(yv[i]).toBeCloseTo(data[i * 3] * 1 + data[i * 3 + 1] * 2 + data[i * 3 + 2] * 3 + 0.5, 12);
      }
    }
    await s.release();
  });

  it('round-trips initializers and tensor attributes of every element type', async () => {
    const g = new OnnxGraph('constants');
    const cases = [
      { elem: 'double', values: [1.5, -0, Number.NaN, 1e300], ort: 'float64' },
      { elem: 'float', values: new Float32Array([0.1, -2.5, Infinity, 3]), ort: 'float32' },
      { elem: 'int64', values: [-1n, 9007199254740993n, -(1n << 63n), 42n], ort: 'int64' },
      { elem: 'int32', values: [-2147483648, -1, 0, 2147483647], ort: 'int32' },
      { elem: 'bool', values: [1, 0, 0, 1], ort: 'bool' },
      { elem: 'string', values: ['', 'à la carte', '日本', '😀'], ort: 'string' },
    ] as const;
    for (const c of cases) {
      const k = g.constant(`c_${c.elem}`, { elem: c.elem, dims: [2, 2], values: c.values });
      g.output(k, `init ${c.elem}`, c.elem, [2, 2]);
      const t = g.op('Constant', [], { value: attr.tensor({ elem: c.elem, dims: [4], values: c.values }) });
      g.output(t, `attr ${c.elem}`, c.elem, [4]);
    }
    // int64 given as plain numbers, and a scalar.
    g.output(g.constant('n', { elem: 'int64', dims: [], values: [-5] }), 'scalar', 'int64', []);
    const s = await session(encodeModel({ graph: g, opsets: { '': 17 } }));
    const out = await s.run({});
    for (const c of cases) {
      for (const name of [`init ${c.elem}`, `attr ${c.elem}`]) {
        const t = out[name];
        expect(t.type).toBe(c.ort);
        const got = Array.from(t.data as ArrayLike<unknown>);
        // onnxruntime-node returns bool tensors as a Uint8Array of 0/1.
        const want = Array.from(c.values as ArrayLike<unknown>);
        expect(got).toEqual(want);
      }
    }
    expect(out.scalar.dims).toEqual([]);
    expect(Array.from(out.scalar.data as BigInt64Array)).toEqual([-5n]);
    await s.release();
  });

  it('lets an input be an output under its own name and attributes of list types', async () => {
    const g = new OnnxGraph('misc');
    const x = g.input('x y', 'float', ['N', 2]);
    g.output(x, 'x y', 'float', ['N', 2]);
    const [a, b] = g.node('Split', [x, g.constant('sizes', { elem: 'int64', dims: [2], values: [1, 1] })], { axis: attr.int(-1) }, { outputs: 2 });
    g.output(g.op('Max', [a, b]), 'max', 'float', ['N', 1]);
    const ls = g.op('LeakyRelu', [x], { alpha: attr.float(0.25) });
    g.output(ls, 'leaky', 'float', ['N', 2]);
    const s = await session(encodeModel({ graph: g, opsets: { '': 17 } }));
    const out = await s.run({ 'x y': new ort.Tensor('float32', Float32Array.from([1, -4, -2, 3]), [2, 2]) });
    expect(Array.from(out['x y'].data as Float32Array)).toEqual([1, -4, -2, 3]);
    expect(Array.from(out.max.data as Float32Array)).toEqual([1, 3]);
    expect(Array.from(out.leaky.data as Float32Array)).toEqual([1, -1, -0.5, 3]);
    await s.release();
  });
});
