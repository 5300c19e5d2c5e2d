/**
 * "How to use this file": short programs that run an exported ONNX model with ONNX Runtime in
 * Python, C# and JavaScript, written for one model's real inputs. They follow the contract of
 * `modelToOnnx`: one input per raw column, shape [N, 1]; numbers (and dates, as milliseconds
 * since 1970-01-01 UTC) as double with NaN for missing; categories and text as string with ""
 * for missing. Outputs: `label` [N] (string) and `probabilities` [N, classes] (float, classes
 * in the order given) for classification; `value` [N] (double) for regression.
 */
import type { Task } from '../frame/kinds';

export interface SnippetInput {
  name: string;
  /** As in the pipeline's input schema: 'num' numbers, 'code' categories, 'text' free text. */
  type: 'num' | 'code' | 'text';
  /** The column's kind ('date' inputs are numbers of milliseconds). */
  kind?: string;
  /** Categories seen in training: the first is used as the example value. */
  categories?: readonly string[];
}

export interface SnippetModel {
  /** The ONNX file's name. */
  fileName: string;
  inputs: readonly SnippetInput[];
  task: Task;
  /** Class labels in probability order (classification). */
  classes: readonly string[];
  /** The CSV the Python example reads (default "new_data.csv"). */
  dataFile?: string;
}

export interface Snippets {
  python: string;
  csharp: string;
  javascript: string;
}

/** A string literal valid in Python, C# and JavaScript (JSON's escapes are common to all three). */
const lit = (s: string) => JSON.stringify(s);

const isDate = (c: SnippetInput) => c.type === 'num' && c.kind === 'date';
const isNum = (c: SnippetInput) => c.type === 'num' && !isDate(c);

/** An example value for one row. */
function example(c: SnippetInput): { num: string; str: string } {
  if (isDate(c)) return { num: String(Date.UTC(2024, 0, 31)), str: '' };
  if (c.type === 'num') return { num: '0', str: '' };
  return { num: '', str: c.type === 'code' && c.categories?.length ? c.categories[0]! : '' };
}

function python(m: SnippetModel): string {
  const nums = m.inputs.filter(isNum).map((c) => c.name);
  const dates = m.inputs.filter(isDate).map((c) => c.name);
  const strs = m.inputs.filter((c) => c.type !== 'num').map((c) => c.name);
  const list = (xs: string[]) => `[${xs.map(lit).join(', ')}]`;
  const lines = [
    'import numpy as np',
    'import onnxruntime as ort',
    'import pandas as pd',
    '',
    `session = ort.InferenceSession(${lit(m.fileName)})`,
    `df = pd.read_csv(${lit(m.dataFile ?? 'new_data.csv')})`,
    '',
    '# One [N, 1] array per input column.',
    'feeds = {}',
  ];
  if (nums.length) lines.push(`for name in ${list(nums)}:  # numbers: float64, NaN = missing`, '    feeds[name] = pd.to_numeric(df[name], errors="coerce").to_numpy(np.float64).reshape(-1, 1)');
  if (dates.length) lines.push(`for name in ${list(dates)}:  # dates: milliseconds since 1970-01-01 UTC, NaN = missing`, '    ms = (pd.to_datetime(df[name], errors="coerce") - pd.Timestamp("1970-01-01")) / pd.Timedelta(milliseconds=1)', '    feeds[name] = ms.to_numpy(np.float64).reshape(-1, 1)');
  if (strs.length) lines.push(`for name in ${list(strs)}:  # categories and text: str, "" = missing`, '    feeds[name] = df[name].fillna("").astype(str).to_numpy(object).reshape(-1, 1)');
  lines.push('');
  if (m.task === 'regression') {
    lines.push('(value,) = session.run(["value"], feeds)', 'print(value[:5])');
  } else {
    lines.push('label, probabilities = session.run(["label", "probabilities"], feeds)', `classes = ${list([...m.classes])}  # column order of probabilities`, 'print(label[0], dict(zip(classes, probabilities[0])))');
  }
  return lines.join('\n') + '\n';
}

function csharp(m: SnippetModel): string {
  const lines = [
    '// dotnet add package Microsoft.ML.OnnxRuntime',
    'using Microsoft.ML.OnnxRuntime;',
    'using Microsoft.ML.OnnxRuntime.Tensors;',
    '',
    `using var session = new InferenceSession(${lit(m.fileName)});`,
    'int n = 1; // rows; each input holds n values in a [n, 1] tensor',
    'var inputs = new List<NamedOnnxValue>',
    '{',
  ];
  for (const c of m.inputs) {
    const ex = example(c);
    const note = isDate(c) ? ' // milliseconds since 1970-01-01 UTC; double.NaN = missing' : c.type === 'num' ? ' // double.NaN = missing' : ' // "" = missing';
    lines.push(c.type === 'num'
      ? `    NamedOnnxValue.CreateFromTensor(${lit(c.name)}, new DenseTensor<double>(new double[] { ${ex.num} }, new[] { n, 1 })),${note}`
      : `    NamedOnnxValue.CreateFromTensor(${lit(c.name)}, new DenseTensor<string>(new string[] { ${lit(ex.str)} }, new[] { n, 1 })),${note}`);
  }
  lines.push('};', 'using var results = session.Run(inputs);');
  if (m.task === 'regression') {
    lines.push('var value = results.First(r => r.Name == "value").AsTensor<double>();', 'Console.WriteLine(value[0]);');
  } else {
    lines.push(
      'var label = results.First(r => r.Name == "label").AsTensor<string>();',
      'var probabilities = results.First(r => r.Name == "probabilities").AsTensor<float>();',
      `string[] classes = { ${m.classes.map(lit).join(', ')} }; // column order of probabilities`,
      'Console.WriteLine($"{label[0]}: {string.Join(", ", classes.Select((c, k) => $"{c} {probabilities[0, k]:F3}"))}");',
    );
  }
  return lines.join('\n') + '\n';
}

function javascript(m: SnippetModel): string {
  const lines = [
    "import * as ort from 'onnxruntime-node'; // in a browser: 'onnxruntime-web'",
    '',
    `const session = await ort.InferenceSession.create(${lit(m.fileName)});`,
    'const n = 1; // rows; each input holds n values in a [n, 1] tensor',
    'const feeds = {',
  ];
  for (const c of m.inputs) {
    const ex = example(c);
    const note = isDate(c) ? ' // milliseconds since 1970-01-01 UTC; NaN = missing' : c.type === 'num' ? ' // NaN = missing' : " // '' = missing";
    lines.push(c.type === 'num'
      ? `  ${lit(c.name)}: new ort.Tensor('float64', Float64Array.from([${ex.num}]), [n, 1]),${note}`
      : `  ${lit(c.name)}: new ort.Tensor('string', [${lit(ex.str)}], [n, 1]),${note}`);
  }
  lines.push('};', 'const results = await session.run(feeds);');
  if (m.task === 'regression') {
    lines.push('console.log(results.value.data[0]);');
  } else {
    lines.push(
      `const classes = [${m.classes.map(lit).join(', ')}]; // column order of probabilities`,
      'const p = results.probabilities.data; // n × classes, row by row',
      'console.log(results.label.data[0], Object.fromEntries(classes.map((c, k) => [c, p[k]])));',
    );
  }
  return lines.join('\n') + '\n';
}

/** The three programs for one model. */
export function onnxSnippets(m: SnippetModel): Snippets {
  return { python: python(m), csharp: csharp(m), javascript: javascript(m) };
}
