/**
 * A minimal protobuf writer and encoders for the subset of `onnx/onnx.proto` that Modelbench
 * exports: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
 * TypeProto (tensor_type only), TensorShapeProto, OperatorSetIdProto and StringStringEntryProto.
 *
 * Pure TypeScript (no Buffer, no TextEncoder) so it runs in every runtime. Fields are written in
 * field-number order and only when present, and repeated scalars are packed exactly where
 * onnx.proto declares `[packed = true]`, so the output matches what the reference (C++/Python)
 * serializer produces for the same message.
 */

/** Protobuf wire types used here. */
export const WireType = {
  VARINT: 0,
  FIXED64: 1,
  LENGTH_DELIMITED: 2,
  FIXED32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const TWO_POW_63 = 1n << 63n;
const TWO_POW_64 = 1n << 64n;

/**
 * Encodes a string as UTF-8. Lone surrogates (not valid Unicode scalar values) become U+FFFD,
 * as the WHATWG encoder does, so the result is always valid UTF-8.
 */
export function encodeUtf8(text: string): Uint8Array {
  // Worst case is 3 bytes per UTF-16 code unit (a surrogate pair is 2 units -> 4 bytes).
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    }
    if (cp < 0x80) {
      out[n++] = cp;
    } else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3f);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.slice(0, n);
}

/**
 * Converts an integer given as number or bigint to its unsigned 64-bit two's-complement form.
 * Throws on non-integers, unsafe numbers (they may already have lost precision) and values
 * outside [-2^63, 2^64 - 1].
 */
export function toUint64(value: number | bigint): bigint {
  let v: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new Error(`protobuf: integer field value ${value} is not a safe integer; pass a bigint for values beyond 2^53`);
    }
    v = BigInt(value);
  } else {
    v = value;
  }
  if (v < -TWO_POW_63 || v >= TWO_POW_64) {
    throw new Error(`protobuf: integer field value ${v} does not fit in 64 bits`);
  }
  return BigInt.asUintN(64, v);
}

/**
 * A growable byte buffer with protobuf primitives. `finish()` returns exactly the bytes written.
 * Negative integers in varint fields are written as 10-byte two's complement (int32/int64/enum
 * semantics); there is no zigzag (sint) support because onnx.proto does not use it.
 */
export class ProtoWriter {
  private buf: Uint8Array;
  private view: DataView;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends raw bytes. */
  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  /** Appends a base-128 varint of an integer (number or bigint); negatives take 10 bytes. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
      // Fast path for the common small non-negative case.
      this.ensure(5);
      let v = value;
      while (v > 0x7f) {
        this.buf[this.len++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.len++] = v;
      return this;
    }
    let v = toUint64(value);
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  /** Appends a field key (field number and wire type). */
  tag(field: number, wire: WireType): this {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) {
      throw new Error(`protobuf: invalid field number ${field}`);
    }
    return this.varint(field * 8 + wire);
  }

  /** Appends a little-endian IEEE-754 single (no key). */
  fixed32Float(value: number): this {
    this.ensure(4);
    this.view.setFloat32(this.len, value, true);
    this.len += 4;
    return this;
  }

  /** Appends a little-endian IEEE-754 double (no key). */
  fixed64Double(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.len, value, true);
    this.len += 8;
    return this;
  }

  /** Varint field (int32, int64, uint64, enum, bool). */
  int64Field(field: number, value: number | bigint): this {
    return this.tag(field, WireType.VARINT).varint(value);
  }

  /** `float` field (fixed32). */
  floatField(field: number, value: number): this {
    return this.tag(field, WireType.FIXED32).fixed32Float(value);
  }

  /** `double` field (fixed64). */
  doubleField(field: number, value: number): this {
    return this.tag(field, WireType.FIXED64).fixed64Double(value);
  }

  /** Length-delimited field holding the given bytes (bytes, or an encoded sub-message). */
  bytesField(field: number, data: Uint8Array): this {
    return this.tag(field, WireType.LENGTH_DELIMITED).varint(data.length).bytes(data);
  }

  /** `string` field, UTF-8 encoded. */
  stringField(field: number, text: string): this {
    return this.bytesField(field, encodeUtf8(text));
  }

  /** Packed repeated varints (one length-delimited field). Writes nothing when empty. */
  packedVarints(field: number, values: ArrayLike<number | bigint>): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter(values.length * 2);
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    return this.bytesField(field, inner.finish());
  }

  /** Packed repeated floats. Writes nothing when empty. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WireType.LENGTH_DELIMITED).varint(values.length * 4);
    for (let i = 0; i < values.length; i++) this.fixed32Float(values[i]);
    return this;
  }

  /** Packed repeated doubles. Writes nothing when empty. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WireType.LENGTH_DELIMITED).varint(values.length * 8);
    for (let i = 0; i < values.length; i++) this.fixed64Double(values[i]);
    return this;
  }

  /** Unpacked repeated varints: one keyed entry per value (proto2 default for `repeated int64`). */
  repeatedVarints(field: number, values: ArrayLike<number | bigint>): this {
    for (let i = 0; i < values.length; i++) this.int64Field(field, values[i]);
    return this;
  }

  /** Unpacked repeated floats: one keyed entry per value. */
  repeatedFloats(field: number, values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.floatField(field, values[i]);
    return this;
  }

  /** Returns a copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

// ---------------------------------------------------------------------------------------------
// ONNX messages. Field numbers follow onnx/onnx.proto.

/** TensorProto.DataType codes used by Modelbench. */
export const DataType = {
  FLOAT: 1,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType codes. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;
export type AttributeTypeCode = (typeof AttributeType)[keyof typeof AttributeType];

/** TensorProto content. Exactly one data field should be set; the encoder writes what is given. */
export interface TensorProtoData {
  dims: readonly (number | bigint)[];
  dataType: DataTypeCode | number;
  floatData?: ArrayLike<number>;
  int32Data?: ArrayLike<number>;
  stringData?: readonly (string | Uint8Array)[];
  int64Data?: ArrayLike<number | bigint>;
  name?: string;
  /** Little-endian element bytes. */
  rawData?: Uint8Array;
  doubleData?: ArrayLike<number>;
}

/** AttributeProto content; `type` is the discriminator and must match the value field set. */
export interface AttributeProtoData {
  name: string;
  type: AttributeTypeCode | number;
  f?: number;
  i?: number | bigint;
  s?: string | Uint8Array;
  t?: TensorProtoData;
  floats?: ArrayLike<number>;
  ints?: ArrayLike<number | bigint>;
  strings?: readonly (string | Uint8Array)[];
}

export interface NodeProtoData {
  input: readonly string[];
  output: readonly string[];
  name?: string;
  opType: string;
  attribute?: readonly AttributeProtoData[];
  domain?: string;
}

/** One dimension: a number is dim_value, a string is dim_param (symbolic). */
export type DimensionData = number | bigint | string;

export interface ValueInfoProtoData {
  name: string;
  /** TypeProto.tensor_type; `shape` omitted means unknown rank. */
  tensorType: { elemType: DataTypeCode | number; shape?: readonly DimensionData[] };
}

export interface GraphProtoData {
  node: readonly NodeProtoData[];
  name: string;
  initializer?: readonly TensorProtoData[];
  docString?: string;
  input: readonly ValueInfoProtoData[];
  output: readonly ValueInfoProtoData[];
}

export interface OperatorSetIdProtoData {
  domain: string;
  version: number | bigint;
}

export interface StringStringEntryProtoData {
  key: string;
  value: string;
}

export interface ModelProtoData {
  irVersion: number | bigint;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number | bigint;
  docString?: string;
  graph: GraphProtoData;
  opsetImport: readonly OperatorSetIdProtoData[];
  metadataProps?: readonly StringStringEntryProtoData[];
}

function asBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === 'string' ? encodeUtf8(v) : v;
}

/** Encodes a TensorProto. */
export function encodeTensorProto(t: TensorProtoData): Uint8Array {
  const w = new ProtoWriter(64 + (t.rawData?.length ?? 0));
  w.repeatedVarints(1, t.dims); // dims: plain `repeated int64` (not packed) in onnx.proto
  w.int64Field(2, t.dataType);
  if (t.floatData) w.packedFloats(4, t.floatData);
  if (t.int32Data) w.packedVarints(5, t.int32Data);
  if (t.stringData) for (const s of t.stringData) w.bytesField(6, asBytes(s));
  if (t.int64Data) w.packedVarints(7, t.int64Data);
  if (t.name !== undefined) w.stringField(8, t.name);
  if (t.rawData) w.bytesField(9, t.rawData);
  if (t.doubleData) w.packedDoubles(10, t.doubleData);
  return w.finish();
}

/** Encodes an AttributeProto. */
export function encodeAttributeProto(a: AttributeProtoData): Uint8Array {
  const w = new ProtoWriter();
  w.stringField(1, a.name);
  if (a.f !== undefined) w.floatField(2, a.f);
  if (a.i !== undefined) w.int64Field(3, a.i);
  if (a.s !== undefined) w.bytesField(4, asBytes(a.s));
  if (a.t !== undefined) w.bytesField(5, encodeTensorProto(a.t));
  // floats/ints/strings are plain (unpacked) repeated fields in onnx.proto.
  if (a.floats) w.repeatedFloats(7, a.floats);
  if (a.ints) w.repeatedVarints(8, a.ints);
  if (a.strings) for (const s of a.strings) w.bytesField(9, asBytes(s));
  w.int64Field(20, a.type);
  return w.finish();
}

/** Encodes a NodeProto. */
export function encodeNodeProto(n: NodeProtoData): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.input) w.stringField(1, i);
  for (const o of n.output) w.stringField(2, o);
  if (n.name !== undefined) w.stringField(3, n.name);
  w.stringField(4, n.opType);
  if (n.attribute) for (const a of n.attribute) w.bytesField(5, encodeAttributeProto(a));
  if (n.domain !== undefined && n.domain !== '') w.stringField(7, n.domain);
  return w.finish();
}

/** Encodes a TensorShapeProto. */
export function encodeTensorShapeProto(dims: readonly DimensionData[]): Uint8Array {
  const w = new ProtoWriter();
  for (const d of dims) {
    const dw = new ProtoWriter(16);
    if (typeof d === 'string') dw.stringField(2, d);
    else dw.int64Field(1, d);
    w.bytesField(1, dw.finish());
  }
  return w.finish();
}

/** Encodes a TypeProto holding a tensor_type. */
export function encodeTensorTypeProto(elemType: number, shape?: readonly DimensionData[]): Uint8Array {
  const tw = new ProtoWriter();
  tw.int64Field(1, elemType);
  if (shape !== undefined) tw.bytesField(2, encodeTensorShapeProto(shape));
  const w = new ProtoWriter();
  w.bytesField(1, tw.finish());
  return w.finish();
}

/** Encodes a ValueInfoProto. */
export function encodeValueInfoProto(v: ValueInfoProtoData): Uint8Array {
  const w = new ProtoWriter();
  w.stringField(1, v.name);
  w.bytesField(2, encodeTensorTypeProto(v.tensorType.elemType, v.tensorType.shape));
  return w.finish();
}

/** Encodes a GraphProto. */
export function encodeGraphProto(g: GraphProtoData): Uint8Array {
  const w = new ProtoWriter(1024);
  for (const n of g.node) w.bytesField(1, encodeNodeProto(n));
  w.stringField(2, g.name);
  if (g.initializer) for (const t of g.initializer) w.bytesField(5, encodeTensorProto(t));
  if (g.docString !== undefined) w.stringField(10, g.docString);
  for (const i of g.input) w.bytesField(11, encodeValueInfoProto(i));
  for (const o of g.output) w.bytesField(12, encodeValueInfoProto(o));
  return w.finish();
}

/** Encodes an OperatorSetIdProto. */
export function encodeOperatorSetIdProto(o: OperatorSetIdProtoData): Uint8Array {
  const w = new ProtoWriter(32);
  w.stringField(1, o.domain);
  w.int64Field(2, o.version);
  return w.finish();
}

/** Encodes a StringStringEntryProto. */
export function encodeStringStringEntryProto(e: StringStringEntryProtoData): Uint8Array {
  const w = new ProtoWriter(32);
  w.stringField(1, e.key);
  w.stringField(2, e.value);
  return w.finish();
}

/** Encodes a ModelProto: the bytes of a complete `.onnx` file. */
export function encodeModelProto(m: ModelProtoData): Uint8Array {
  const graph = encodeGraphProto(m.graph);
  const w = new ProtoWriter(graph.length + 256);
  w.int64Field(1, m.irVersion);
  if (m.producerName !== undefined) w.stringField(2, m.producerName);
  if (m.producerVersion !== undefined) w.stringField(3, m.producerVersion);
  if (m.domain !== undefined) w.stringField(4, m.domain);
  if (m.modelVersion !== undefined) w.int64Field(5, m.modelVersion);
  if (m.docString !== undefined) w.stringField(6, m.docString);
  w.bytesField(7, graph);
  for (const o of m.opsetImport) w.bytesField(8, encodeOperatorSetIdProto(o));
  if (m.metadataProps) for (const e of m.metadataProps) w.bytesField(14, encodeStringStringEntryProto(e));
  return w.finish();
}
