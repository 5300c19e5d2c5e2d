import { describe, expect, it } from 'vitest';
import {
  AttributeType,
  DataType,
  ProtoWriter,
  encodeAttributeProto,
  encodeModelProto,
  encodeNodeProto,
  encodeOperatorSetIdProto,
  encodeStringStringEntryProto,
  encodeTensorProto,
  encodeTensorShapeProto,
  encodeUtf8,
  encodeValueInfoProto,
} from './proto';
import { OnnxGraph, attr, encodeModel, tensorToProto } from './graph';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const ascii = (s: string): string => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');
const varint = (v: number | bigint): string => hex(new ProtoWriter().varint(v).finish());

describe('varint', () => {
  it('encodes small and multi-byte values', () => {
    expect(varint(0)).toBe('00');
    expect(varint(1)).toBe('01');
    expect(varint(127)).toBe('7f');
    expect(varint(128)).toBe('80 01');
    expect(varint(300)).toBe('ac 02');
    expect(varint(2 ** 31)).toBe('80 80 80 80 08');
    expect(varint(2 ** 32)).toBe('80 80 80 80 10');
    expect(varint(2 ** 53 - 1)).toBe('ff ff ff ff ff ff ff 0f');
  });

  it('gives number and bigint the same bytes', () => {
    expect(varint(300n)).toBe(varint(300));
    expect(varint(BigInt(2 ** 40 + 5))).toBe(varint(2 ** 40 + 5));
    expect(varint(-7n)).toBe(varint(-7));
  });

  it('encodes int64 extremes', () => {
    expect(varint((1n << 63n) - 1n)).toBe('ff ff ff ff ff ff ff ff 7f');
    expect(varint(-(1n << 63n))).toBe('80 80 80 80 80 80 80 80 80 01');
  });

  it('encodes negative values as 10-byte two\'s complement', () => {
    expect(varint(-1)).toBe('ff ff ff ff ff ff ff ff ff 01');
    expect(varint(-1n)).toBe('ff ff ff ff ff ff ff ff ff 01');
    expect(varint(-2)).toBe('fe ff ff ff ff ff ff ff ff 01');
    expect(new ProtoWriter().varint(-123456).finish().length).toBe(10);
  });

  it('rejects values that cannot be encoded exactly', () => {
    expect(() => varint(1.5)).toThrow(/safe integer/);
    expect(() => varint(2 ** 53)).toThrow(/safe integer/);
    expect(() => varint(Number.NaN)).toThrow();
    expect(() => varint(1n << 64n)).toThrow(/64 bits/);
    expect(() => varint(-(1n << 63n) - 1n)).toThrow(/64 bits/);
  });
});

describe('fields', () => {
  it('writes keys, fixed-width floats and length-delimited fields', () => {
    // field 2, wire 5: key 0x15; 1.0f = 0x3f800000 little-endian.
    expect(hex(new ProtoWriter().floatField(2, 1).finish())).toBe('15 00 00 80 3f');
    // field 1, wire 1: key 0x09; 1.0 = 0x3ff0000000000000 little-endian.
    expect(hex(new ProtoWriter().doubleField(1, 1).finish())).toBe('09 00 00 00 00 00 00 f0 3f');
    expect(hex(new ProtoWriter().stringField(1, 'hi').finish())).toBe('0a 02 68 69');
    // field 20 varint: key 160 = a0 01.
    expect(hex(new ProtoWriter().int64Field(20, 2).finish())).toBe('a0 01 02');
  });

  it('writes packed repeated fields (protobuf docs example)', () => {
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toBe('22 06 03 8e 02 9e a7 05');
    expect(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish())).toBe('22 08 00 00 80 3f 00 00 00 c0');
    expect(hex(new ProtoWriter().packedDoubles(10, [0.5]).finish())).toBe('52 08 00 00 00 00 00 00 e0 3f');
    expect(new ProtoWriter().packedVarints(4, []).finish().length).toBe(0);
  });

  it('grows its buffer past the initial capacity', () => {
    const w = new ProtoWriter(16);
    const big = new Uint8Array(10_000).map((_, i) => i & 0xff);
    w.bytesField(3, big);
    const out = w.finish();
    expect(out.length).toBe(1 + 2 + 10_000);
    expect(hex(out.subarray(0, 3))).toBe('1a 90 4e');
    expect(out[3 + 9_999]).toBe(9_999 & 0xff);
  });
});

describe('encodeUtf8', () => {
  it('encodes ASCII, 2-, 3- and 4-byte sequences', () => {
    expect(hex(encodeUtf8('età'))).toBe('65 74 c3 a0');
    expect(hex(encodeUtf8('€'))).toBe('e2 82 ac');
    expect(hex(encodeUtf8('日本'))).toBe('e6 97 a5 e6 9c ac');
    expect(hex(encodeUtf8('😀'))).toBe('f0 9f 98 80');
    expect(hex(encodeUtf8(''))).toBe('');
    expect(hex(encodeUtf8('total charges'))).toBe(ascii('total charges'));
  });

  it('replaces lone surrogates with U+FFFD', () => {
    expect(hex(encodeUtf8('\ud800'))).toBe('ef bf bd');
    expect(hex(encodeUtf8('a\udc00b'))).toBe('61 ef bf bd 62');
  });

  it('agrees with the platform encoder on a mixed string', () => {
    const s = 'Ça coûte 5 € — ünïcödé 😀 end';
    expect(hex(encodeUtf8(s))).toBe(hex(new TextEncoder().encode(s)));
  });
});

describe('ONNX messages', () => {
  it('OperatorSetIdProto and StringStringEntryProto', () => {
    expect(hex(encodeOperatorSetIdProto({ domain: 'ai.onnx.ml', version: 3 }))).toBe(
      `0a 0a ${ascii('ai.onnx.ml')} 10 03`,
    );
    expect(hex(encodeStringStringEntryProto({ key: 'a', value: 'b' }))).toBe('0a 01 61 12 01 62');
  });

  it('TensorShapeProto with symbolic and fixed dims', () => {
    // dim { dim_param: "N" } dim { dim_value: 3 }
    expect(hex(encodeTensorShapeProto(['N', 3]))).toBe('0a 03 12 01 4e 0a 02 08 03');
  });

  it('ValueInfoProto with tensor type', () => {
    // name "x"; type { tensor_type { elem_type 11, shape { dim { dim_param "N" } } } }
    expect(hex(encodeValueInfoProto({ name: 'x', tensorType: { elemType: DataType.DOUBLE, shape: ['N'] } }))).toBe(
      '0a 01 78 12 0b 0a 09 08 0b 12 05 0a 03 12 01 4e',
    );
  });

  it('AttributeProto: negative int, ints, floats, strings', () => {
    expect(hex(encodeAttributeProto({ name: 'axis', type: AttributeType.INT, i: -1 }))).toBe(
      `0a 04 ${ascii('axis')} 18 ff ff ff ff ff ff ff ff ff 01 a0 01 02`,
    );
    expect(hex(encodeAttributeProto({ name: 'k', type: AttributeType.INTS, ints: [1, 2] }))).toBe(
      '0a 01 6b 40 01 40 02 a0 01 07',
    );
    expect(hex(encodeAttributeProto({ name: 'k', type: AttributeType.FLOATS, floats: [1] }))).toBe(
      '0a 01 6b 3d 00 00 80 3f a0 01 06',
    );
    expect(hex(encodeAttributeProto({ name: 'k', type: AttributeType.STRINGS, strings: ['à', 'b'] }))).toBe(
      '0a 01 6b 4a 02 c3 a0 4a 01 62 a0 01 08',
    );
  });

  it('NodeProto omits the default domain and writes a custom one', () => {
    expect(hex(encodeNodeProto({ input: ['a', 'b'], output: ['c'], opType: 'Add' }))).toBe(
      `0a 01 61 0a 01 62 12 01 63 22 03 ${ascii('Add')}`,
    );
    expect(hex(encodeNodeProto({ input: [], output: ['y'], opType: 'X', domain: 'd', name: 'n' }))).toBe(
      '12 01 79 1a 01 6e 22 01 58 3a 01 64',
    );
  });

  it('TensorProto with raw_data and string_data', () => {
    // dims 2; data_type 7 (INT64); name "t"; raw_data = -1, 1 little-endian.
    const raw = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(hex(encodeTensorProto({ dims: [2], dataType: DataType.INT64, name: 't', rawData: raw }))).toBe(
      `08 02 10 07 42 01 74 4a 10 ${hex(raw)}`,
    );
    expect(hex(encodeTensorProto({ dims: [1], dataType: DataType.STRING, stringData: ['é'] }))).toBe(
      '08 01 10 08 32 02 c3 a9',
    );
  });

  it('ModelProto starts with ir_version and nests the graph in field 7', () => {
    const bytes = encodeModelProto({
      irVersion: 8,
      producerName: 'p',
      graph: { node: [], name: 'g', input: [], output: [] },
      opsetImport: [{ domain: '', version: 17 }],
      metadataProps: [{ key: 'k', value: 'v' }],
    });
    expect(hex(bytes)).toBe('08 08 12 01 70 3a 03 12 01 67 42 04 0a 00 10 11 72 06 0a 01 6b 12 01 76');
  });
});

describe('tensorToProto', () => {
  it('writes little-endian raw_data for each numeric type', () => {
    expect(hex(tensorToProto({ elem: 'double', dims: [1], values: [1] }).rawData!)).toBe('00 00 00 00 00 00 f0 3f');
    expect(hex(tensorToProto({ elem: 'float', dims: [], values: new Float32Array([1]) }).rawData!)).toBe('00 00 80 3f');
    expect(hex(tensorToProto({ elem: 'int32', dims: [1], values: [-2] }).rawData!)).toBe('fe ff ff ff');
    expect(hex(tensorToProto({ elem: 'int64', dims: [2], values: [-1n, 258] as unknown as bigint[] }).rawData!)).toBe(
      'ff ff ff ff ff ff ff ff 02 01 00 00 00 00 00 00',
    );
    expect(hex(tensorToProto({ elem: 'bool', dims: [3], values: [0, 1, 5] }).rawData!)).toBe('00 01 01');
    const s = tensorToProto({ elem: 'string', dims: [2], values: ['a', 'è'] });
    expect(s.stringData).toEqual(['a', 'è']);
    expect(s.rawData).toBeUndefined();
  });

  it('rejects count/dims mismatches and wrong value types', () => {
    expect(() => tensorToProto({ elem: 'double', dims: [2, 2], values: [1, 2, 3] }, 'w')).toThrow(
      /tensor 'w' has 3 values but dims \[2, 2\] need 4/,
    );
    expect(() => tensorToProto({ elem: 'string', dims: [1], values: [1] })).toThrow(/string tensor/);
    expect(() => tensorToProto({ elem: 'int64', dims: [1], values: [0.5] })).toThrow(/safe integer/);
    expect(() => tensorToProto({ elem: 'int64', dims: [1], values: [1n << 63n] })).toThrow(/int64/);
    expect(() => tensorToProto({ elem: 'int32', dims: [1], values: [2 ** 31] })).toThrow(/int32/);
    expect(() => tensorToProto({ elem: 'double', dims: [-1], values: [] })).toThrow(/invalid dimension/);
  });
});

describe('OnnxGraph misuse', () => {
  it('throws clear errors', () => {
    const g = new OnnxGraph('g');
    const x = g.input('x', 'double', ['N', 1]);
    expect(() => g.input('x', 'double', ['N', 1])).toThrow(/'x' is already used/);
    expect(() => g.op('Add', [x, 'nope'])).toThrow(/unknown value 'nope'/);
    expect(() => g.output('nope', 'y', 'double', ['N', 1])).toThrow(/unknown value 'nope'/);
    expect(() => g.constant('c', { elem: 'double', dims: [2], values: [1] })).toThrow(/1 values but dims \[2\] need 2/);
    expect(() => g.op('Foo', [x], { a: attr.int(1.5) })).toThrow(/attribute 'a'.*not an int64/);
    expect(() => encodeModel({ graph: g, opsets: { '': 17 } })).toThrow(/no outputs/);
    const y = g.op('LabelEncoder', [x], {}, 'ai.onnx.ml');
    g.output(y, 'y', 'double', ['N', 1]);
    expect(() => g.output(y, 'y', 'double', ['N', 1])).toThrow(/declared twice/);
    expect(() => encodeModel({ graph: g, opsets: { '': 17 } })).toThrow(/domain 'ai.onnx.ml'/);
    expect(encodeModel({ graph: g, opsets: { '': 17, 'ai.onnx.ml': 3 } }).length).toBeGreaterThan(0);
  });

  it('derives unique names and keeps input names verbatim', () => {
    const g = new OnnxGraph('g');
    const a = g.input('total charges', 'double', ['N', 1]);
    expect(a).toBe('total charges');
    expect(g.uniqueName('Sub')).toBe('Sub');
    expect(g.uniqueName('Sub')).toBe('Sub_1');
    const [o1, o2] = g.node('Split', [a], {}, { outputs: 2 });
    expect(o1).not.toBe(o2);
    expect(new Set([o1, o2, 'Sub', 'Sub_1', a]).size).toBe(5);
    expect(g.constant('total charges', { elem: 'double', dims: [], values: [1] })).toBe('total charges_1');
  });
});
