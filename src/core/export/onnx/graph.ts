/**
 * A small builder for ONNX graphs, serialised by our own protobuf writer (./proto).
 *
 * Guarantees: every name a node references was defined before (graph input, initializer or an
 * earlier node output), so nodes are always in topological order; value names are unique; graph
 * input names are used verbatim (any Unicode, spaces included); tensors are checked against their
 * dims and element type. Misuse throws an Error naming the offending value.
 */
import { AttributeType, DataType, encodeModelProto } from './proto';
import type {
  AttributeProtoData,
  DataTypeCode,
  NodeProtoData,
  TensorProtoData,
  ValueInfoProtoData,
} from './proto';

/** Element types Modelbench exports. */
export type ElemType = 'float' | 'double' | 'int64' | 'int32' | 'string' | 'bool';
/** A dimension: a fixed size, or a symbolic name such as 'N' (any size at run time). */
export type Dim = number | string;

/**
 * A constant tensor. `values` are row-major; their count must equal the product of `dims`
 * (1 for a scalar, `dims = []`). int64 accepts safe-integer numbers or bigints; bool accepts
 * numbers (non-zero = true); string requires strings.
 */
export interface TensorValue {
  elem: ElemType;
  dims: readonly number[];
  values:
    | readonly number[]
    | readonly bigint[]
    | readonly string[]
    | Float64Array
    | Float32Array
    | BigInt64Array
    | Int32Array;
}

/** A node attribute value; build them with {@link attr}. */
export type AttrValue =
  | { type: 'int'; value: number | bigint }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: readonly (number | bigint)[] }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'tensor'; value: TensorValue };

/** Constructors for {@link AttrValue}. */
export const attr = {
  int: (v: number | bigint): AttrValue => ({ type: 'int', value: v }),
  float: (v: number): AttrValue => ({ type: 'float', value: v }),
  string: (v: string): AttrValue => ({ type: 'string', value: v }),
  ints: (v: readonly (number | bigint)[]): AttrValue => ({ type: 'ints', value: v }),
  floats: (v: readonly number[]): AttrValue => ({ type: 'floats', value: v }),
  strings: (v: readonly string[]): AttrValue => ({ type: 'strings', value: v }),
  tensor: (t: TensorValue): AttrValue => ({ type: 'tensor', value: t }),
};

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const ELEM_CODES: Record<ElemType, DataTypeCode> = {
  float: DataType.FLOAT,
  double: DataType.DOUBLE,
  int64: DataType.INT64,
  int32: DataType.INT32,
  string: DataType.STRING,
  bool: DataType.BOOL,
};

/** The TensorProto.DataType code of an element type (e.g. for Cast's `to` attribute). */
export function elemTypeCode(elem: ElemType): DataTypeCode {
  const code = ELEM_CODES[elem];
  if (code === undefined) throw new Error(`ONNX: unknown element type '${String(elem)}'`);
  return code;
}

function checkDims(dims: readonly number[], what: string): number {
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new Error(`ONNX: ${what} has an invalid dimension ${d} (dims must be non-negative integers)`);
    }
    count *= d;
  }
  return count;
}

/**
 * Converts a {@link TensorValue} to TensorProto content: raw_data (little-endian) for numbers,
 * string_data for strings. Throws if the value count does not match the dims or a value does not
 * fit the element type.
 */
export function tensorToProto(t: TensorValue, name?: string): TensorProtoData {
  const what = name === undefined ? 'tensor' : `tensor '${name}'`;
  const count = checkDims(t.dims, what);
  const vals = t.values;
  if (vals.length !== count) {
    throw new Error(
      `ONNX: ${what} has ${vals.length} values but dims [${t.dims.join(', ')}] need ${count}`,
    );
  }
  const base = { dims: t.dims, dataType: elemTypeCode(t.elem), ...(name !== undefined ? { name } : {}) };
  if (t.elem === 'string') {
    const strings: string[] = [];
    for (let i = 0; i < count; i++) {
      const v = vals[i];
      if (typeof v !== 'string') throw new Error(`ONNX: ${what} is a string tensor but value ${i} is ${typeof v}`);
      strings.push(v);
    }
    return { ...base, stringData: strings };
  }
  const num = (i: number): number => {
    const v = vals[i];
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    throw new Error(`ONNX: ${what} is a ${t.elem} tensor but value ${i} is ${typeof v}`);
  };
  let raw: Uint8Array;
  switch (t.elem) {
    case 'float': {
      raw = new Uint8Array(count * 4);
      const dv = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) dv.setFloat32(i * 4, num(i), true);
      break;
    }
    case 'double': {
      raw = new Uint8Array(count * 8);
      const dv = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) dv.setFloat64(i * 8, num(i), true);
      break;
    }
    case 'int32': {
      raw = new Uint8Array(count * 4);
      const dv = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) {
        const v = num(i);
        if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
          throw new Error(`ONNX: ${what} value ${i} (${v}) is not an int32`);
        }
        dv.setInt32(i * 4, v, true);
      }
      break;
    }
    case 'int64': {
      raw = new Uint8Array(count * 8);
      const dv = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) {
        const v = vals[i];
        let b: bigint;
        if (typeof v === 'bigint') {
          b = v;
        } else if (typeof v === 'number') {
          if (!Number.isSafeInteger(v)) {
            throw new Error(`ONNX: ${what} value ${i} (${v}) is not a safe integer; pass a bigint`);
          }
          b = BigInt(v);
        } else {
          throw new Error(`ONNX: ${what} is an int64 tensor but value ${i} is ${typeof v}`);
        }
        if (b < INT64_MIN || b > INT64_MAX) throw new Error(`ONNX: ${what} value ${i} (${b}) does not fit in int64`);
        dv.setBigInt64(i * 8, b, true);
      }
      break;
    }
    case 'bool': {
      raw = new Uint8Array(count);
      for (let i = 0; i < count; i++) raw[i] = num(i) !== 0 ? 1 : 0;
      break;
    }
    default:
      throw new Error(`ONNX: unknown element type '${String(t.elem)}'`);
  }
  return { ...base, rawData: raw };
}

function isInt64(v: unknown): boolean {
  if (typeof v === 'number') return Number.isSafeInteger(v);
  return typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX;
}

function attrToProto(name: string, a: AttrValue, where: string): AttributeProtoData {
  const bad = (msg: string): never => {
    throw new Error(`ONNX: attribute '${name}' of ${where}: ${msg}`);
  };
  switch (a.type) {
    case 'int':
      if (!isInt64(a.value)) bad(`${a.value} is not an int64`);
      return { name, type: AttributeType.INT, i: a.value };
    case 'float':
      if (typeof a.value !== 'number') bad('value is not a number');
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'string':
      if (typeof a.value !== 'string') bad('value is not a string');
      return { name, type: AttributeType.STRING, s: a.value };
    case 'ints':
      a.value.forEach((v, i) => {
        if (!isInt64(v)) bad(`element ${i} (${String(v)}) is not an int64`);
      });
      return { name, type: AttributeType.INTS, ints: a.value };
    case 'floats':
      a.value.forEach((v, i) => {
        if (typeof v !== 'number') bad(`element ${i} is not a number`);
      });
      return { name, type: AttributeType.FLOATS, floats: a.value };
    case 'strings':
      a.value.forEach((v, i) => {
        if (typeof v !== 'string') bad(`element ${i} is not a string`);
      });
      return { name, type: AttributeType.STRINGS, strings: a.value };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: tensorToProto(a.value) };
    default:
      return bad(`unknown attribute type '${(a as { type: unknown }).type}'`);
  }
}

function checkShape(shape: readonly Dim[], what: string): void {
  for (const d of shape) {
    if (typeof d === 'string') {
      if (d === '') throw new Error(`ONNX: ${what} has an empty symbolic dimension`);
    } else if (!Number.isSafeInteger(d) || d < 0) {
      throw new Error(`ONNX: ${what} has an invalid dimension ${d}`);
    }
  }
}

/**
 * Builds one ONNX graph. Values are referred to by name (strings returned from the methods).
 * Declare inputs before adding nodes: generated names never reuse a taken name, but a later
 * `input()` whose name an earlier generated value already took is rejected.
 */
export class OnnxGraph {
  readonly name: string;
  private readonly inputs: ValueInfoProtoData[] = [];
  private readonly outputs: ValueInfoProtoData[] = [];
  private readonly nodes: NodeProtoData[] = [];
  private readonly initializers: TensorProtoData[] = [];
  /** Every name handed out or declared (values and node names share this namespace). */
  private readonly taken = new Set<string>();
  /** Values that exist and may be used as node inputs. */
  private readonly defined = new Set<string>();
  private readonly outputNames = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(name: string) {
    this.name = name;
  }

  /** Declares a graph input; returns its name (must be unique, used verbatim — raw column names like "total charges" or "età" must work). */
  input(name: string, elem: ElemType, shape: readonly Dim[]): string {
    if (typeof name !== 'string' || name === '') throw new Error('ONNX: graph input name must be a non-empty string');
    if (this.taken.has(name)) throw new Error(`ONNX: graph input name '${name}' is already used in graph '${this.name}'`);
    checkShape(shape, `graph input '${name}'`);
    this.taken.add(name);
    this.defined.add(name);
    this.inputs.push({ name, tensorType: { elemType: elemTypeCode(elem), shape: [...shape] } });
    return name;
  }

  /** Marks an existing value as a graph output under `name` (adds an Identity node if the value already has another name). */
  output(value: string, name: string, elem: ElemType, shape: readonly Dim[]): string {
    this.requireDefined(value, `graph output '${name}'`);
    if (typeof name !== 'string' || name === '') throw new Error('ONNX: graph output name must be a non-empty string');
    if (this.outputNames.has(name)) throw new Error(`ONNX: graph output '${name}' is declared twice`);
    checkShape(shape, `graph output '${name}'`);
    if (value !== name) {
      if (this.taken.has(name)) {
        throw new Error(`ONNX: graph output name '${name}' is already used by another value in graph '${this.name}'`);
      }
      this.taken.add(name);
      this.defined.add(name);
      this.nodes.push({
        input: [value],
        output: [name],
        name: this.uniqueNodeName('Identity'),
        opType: 'Identity',
      });
    }
    this.outputNames.add(name);
    this.outputs.push({ name, tensorType: { elemType: elemTypeCode(elem), shape: [...shape] } });
    return name;
  }

  /** Adds an initializer with a unique name derived from hint; returns the name. */
  constant(hint: string, tensor: TensorValue): string {
    const name = this.uniqueName(hint);
    const proto = tensorToProto(tensor, name);
    this.defined.add(name);
    this.initializers.push(proto);
    return name;
  }

  /** Adds a node; returns its output names (count = outputs, default 1), unique names derived from opType. */
  node(
    opType: string,
    inputs: readonly string[],
    attrs?: Record<string, AttrValue>,
    opts?: { domain?: string; outputs?: number; name?: string },
  ): string[] {
    if (typeof opType !== 'string' || opType === '') throw new Error('ONNX: node op type must be a non-empty string');
    const where = `node ${opType}`;
    // '' is ONNX's marker for an omitted optional input.
    for (const i of inputs) if (i !== '') this.requireDefined(i, where);
    const count = opts?.outputs ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error(`ONNX: ${where}: output count ${count} must be a positive integer`);
    let nodeName: string;
    if (opts?.name !== undefined) {
      if (this.taken.has(opts.name)) throw new Error(`ONNX: node name '${opts.name}' is already used`);
      this.taken.add(opts.name);
      nodeName = opts.name;
    } else {
      nodeName = this.uniqueNodeName(opType);
    }
    const attribute = Object.entries(attrs ?? {}).map(([k, v]) => attrToProto(k, v, `${where} '${nodeName}'`));
    const outputs: string[] = [];
    for (let k = 0; k < count; k++) outputs.push(this.uniqueName(opType));
    for (const o of outputs) this.defined.add(o);
    const domain = opts?.domain ?? '';
    this.nodes.push({ input: [...inputs], output: outputs, name: nodeName, opType, attribute, domain });
    return outputs;
  }

  /** One-output convenience. */
  op(opType: string, inputs: readonly string[], attrs?: Record<string, AttrValue>, domain?: string): string {
    return this.node(opType, inputs, attrs, domain === undefined ? undefined : { domain })[0];
  }

  /**
   * Reserves and returns a name not used so far in this graph: `hint` itself if free, otherwise
   * `hint_1`, `hint_2`, ... The name is not yet a defined value.
   */
  uniqueName(hint: string): string {
    const base = hint === '' ? 'v' : hint;
    let name = base;
    let k = this.counters.get(base) ?? 0;
    while (this.taken.has(name)) {
      k++;
      name = `${base}_${k}`;
    }
    this.counters.set(base, k);
    this.taken.add(name);
    return name;
  }

  /** True if `name` is a value that nodes may use (input, initializer or node output). */
  has(name: string): boolean {
    return this.defined.has(name);
  }

  /** Names of the graph inputs, in declaration order. */
  get inputNames(): string[] {
    return this.inputs.map((i) => i.name);
  }

  /** Names of the graph outputs, in declaration order. */
  get graphOutputNames(): string[] {
    return this.outputs.map((o) => o.name);
  }

  /** Domains used by the nodes so far ('' = default ONNX domain). */
  get domains(): Set<string> {
    return new Set(this.nodes.map((n) => n.domain ?? ''));
  }

  /** The GraphProto content (a snapshot; later edits to the builder do not affect it). */
  toProto(): { node: NodeProtoData[]; name: string; initializer: TensorProtoData[]; input: ValueInfoProtoData[]; output: ValueInfoProtoData[] } {
    return {
      node: [...this.nodes],
      name: this.name,
      initializer: [...this.initializers],
      input: [...this.inputs],
      output: [...this.outputs],
    };
  }

  private uniqueNodeName(opType: string): string {
    return this.uniqueName(`${opType}_node`);
  }

  private requireDefined(value: string, where: string): void {
    if (!this.defined.has(value)) {
      throw new Error(`ONNX: ${where} references unknown value '${value}' in graph '${this.name}'`);
    }
  }
}

/** Options for {@link encodeModel}. */
export interface ModelOptions {
  graph: OnnxGraph;
  /** Opset version per domain; '' = default ONNX domain, e.g. `{ '': 17, 'ai.onnx.ml': 3 }`. */
  opsets: Record<string, number>;
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

/**
 * Serialises to ONNX ModelProto bytes. Default irVersion 8.
 * Throws if the graph has no outputs or a node uses a domain missing from `opsets`.
 */
export function encodeModel(opts: ModelOptions): Uint8Array {
  const graph = opts.graph.toProto();
  if (graph.output.length === 0) throw new Error(`ONNX: graph '${graph.name}' has no outputs`);
  for (const d of opts.graph.domains) {
    if (!(d in opts.opsets)) {
      throw new Error(`ONNX: a node uses domain '${d === '' ? 'ai.onnx (default)' : d}' but opsets has no version for it`);
    }
  }
  const opsetImport = Object.entries(opts.opsets).map(([domain, version]) => {
    if (!Number.isSafeInteger(version) || version < 1) throw new Error(`ONNX: opset version ${version} for domain '${domain}' is invalid`);
    return { domain, version };
  });
  const metadataProps = Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value }));
  return encodeModelProto({
    irVersion: opts.irVersion ?? 8,
    producerName: opts.producerName,
    producerVersion: opts.producerVersion,
    docString: opts.docString,
    graph,
    opsetImport,
    metadataProps,
  });
}
