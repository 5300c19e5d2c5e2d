/**
 * Text steps: bag of words (counts, 0/1 or TF-IDF) and text length. Words are split as in
 * ./tokenize (ASCII lowercasing, runs of letters/marks/digits), which the exported model repeats
 * with StringNormalizer (locale "C") and onnxruntime's com.microsoft.Tokenizer; word counts come
 * from TfIdfVectorizer in TF mode, and IDF weights and the L2 norm are applied with plain
 * arithmetic, as scikit-learn's TfidfVectorizer does them.
 *
 * Each distinct text is split once (texts arrive as codes into a dictionary), so repeated texts
 * cost nothing.
 */
import { attr, type OnnxGraph } from '../export/onnx/graph';
import { registerStep } from './registry';
import { codePoints, terms, tokenize, WORD_PATTERN, type TokenOptions } from './tokenize';
import type { NumWork, OnnxEnv, TextWork, WorkColumn, WorkType } from './types';
import { appendSchema, textColumn } from './util';

export type CountOutput = 'counts' | 'binary' | 'tfidf';

export type CountParams = {
  maxFeatures: number;
  minDocs: number;
  bigrams: boolean;
  output: CountOutput;
  sublinearTf: boolean;
  normalize: boolean;
  lowercase: boolean;
  minWordLength: number;
  keep: boolean;
};

export type CountState = {
  /** Per column: the kept terms, in output order (alphabetical). */
  terms: string[][];
  /** Per column: the IDF weight of each term (TF-IDF only; empty otherwise). */
  idf: number[][];
};

/** The feature name of one term's column. */
export function termName(column: string, term: string): string {
  return `${column}:${term}`;
}

function tokenOptions(p: { lowercase: boolean; minWordLength: number }): TokenOptions {
  return { lowercase: p.lowercase, minLength: p.minWordLength };
}

/** How many rows use each dictionary entry (missing rows are not counted). */
function rowsPerCode(col: TextWork): Int32Array {
  const counts = new Int32Array(col.dictionary.length);
  for (const code of col.codes) if (code >= 0) counts[code]!++;
  return counts;
}

/** Document frequencies of the terms of a text column's rows. */
export function documentFrequencies(col: TextWork, opts: TokenOptions, bigrams: boolean): Map<string, number> {
  const df = new Map<string, number>();
  const uses = rowsPerCode(col);
  for (let code = 0; code < uses.length; code++) {
    const k = uses[code]!;
    if (k === 0) continue;
    for (const t of new Set(terms(col.dictionary[code]!, opts, bigrams))) df.set(t, (df.get(t) ?? 0) + k);
  }
  return df;
}

/** The `max` terms with the highest document frequency (at least `minDocs`), ties alphabetical; returned alphabetically. */
export function pickVocabulary(df: ReadonlyMap<string, number>, max: number, minDocs: number): string[] {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const entries = [...df].filter(([, n]) => n >= minDocs);
  if (entries.length <= max) return entries.map(([t]) => t).sort(byText);
  // Sorting hundreds of thousands of (mostly tied) bigrams by count then text is slow; sort by
  // count only, and alphabetically only the terms tied at the cut-off count.
  entries.sort((a, b) => b[1] - a[1]);
  const cut = entries[max - 1]![1];
  const above = entries.filter(([, n]) => n > cut).map(([t]) => t);
  const tied = entries.filter(([, n]) => n === cut).map(([t]) => t).sort(byText);
  return [...above, ...tied.slice(0, max - above.length)].sort(byText);
}

/** scikit-learn's smoothed IDF: ln((1 + n) / (1 + df)) + 1. */
export function smoothIdf(rows: number, df: number): number {
  return Math.log((1 + rows) / (1 + df)) + 1;
}

/** The sparse output of one text: term indices (ascending) and their values. */
interface Sparse { index: number[]; value: number[] }

function vectorize(text: string, vocab: ReadonlyMap<string, number>, params: CountParams, idf: readonly number[]): Sparse {
  const counts = new Map<number, number>();
  for (const t of terms(text, tokenOptions(params), params.bigrams)) {
    const j = vocab.get(t);
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  const index = [...counts.keys()].sort((a, b) => a - b);
  let value = index.map((j) => counts.get(j)!);
  if (params.output === 'binary') value = value.map(() => 1);
  else if (params.output === 'tfidf') {
    value = index.map((j, k) => (params.sublinearTf ? 1 + Math.log(value[k]!) : value[k]!) * idf[j]!);
    if (params.normalize) {
      let ss = 0;
      for (const v of value) ss += v * v;
      const norm = Math.sqrt(ss);
      if (norm > 0) value = value.map((v) => v / norm);
    }
  }
  return { index, value };
}

const OUTPUTS: readonly CountOutput[] = ['counts', 'binary', 'tfidf'];

export const textCounts = registerStep<CountParams, CountState>({
  kind: 'text.counts',
  version: 1,
  label: 'Word counts (bag of words)',
  description:
    'Splits the text into words (A–Z lowercased; anything other than letters and digits separates words) and adds one column per frequent word of the training rows: how often it occurs, 0/1, or TF-IDF. Words never seen in training are ignored; missing text counts as empty (all zeros).',
  group: 'text',
  accepts: 'text',
  defaults: { maxFeatures: 1000, minDocs: 1, bigrams: false, output: 'counts', sublinearTf: false, normalize: true, lowercase: true, minWordLength: 1, keep: false },
  paramsInfo: [
    { name: 'maxFeatures', label: 'Most frequent words kept', type: 'integer', min: 1, max: 20000, help: 'Words (and word pairs) found in the most training rows; ties are broken alphabetically.' },
    { name: 'minDocs', label: 'Minimum number of rows a word must appear in', type: 'integer', min: 1, max: 1000000 },
    { name: 'bigrams', label: 'Also count word pairs', type: 'boolean', help: 'Adds pairs of neighbouring words ("not good") as terms.' },
    { name: 'output', label: 'Value', type: 'choice', choices: OUTPUTS, help: 'counts: how often each word occurs; binary: 1 if it occurs; tfidf: counts weighted down for words common to many rows (as scikit-learn\'s TfidfVectorizer).' },
    { name: 'sublinearTf', label: 'Dampen repeated words (1 + log count, TF-IDF only)', type: 'boolean' },
    { name: 'normalize', label: 'Scale each row to length 1 (TF-IDF only)', type: 'boolean' },
    { name: 'lowercase', label: 'Ignore case (A–Z only)', type: 'boolean', help: 'Accented capitals such as É are kept as they are, the same in the app and in the exported model.' },
    { name: 'minWordLength', label: 'Shortest word kept (characters)', type: 'integer', min: 1, max: 50 },
    { name: 'keep', label: 'Keep the text column', type: 'boolean', help: 'Keep it for another text step; text itself cannot go into a model.' },
  ],
  validate(p) {
    if (!OUTPUTS.includes(p.output)) throw new Error(`Value must be one of ${OUTPUTS.join(', ')}.`);
    if (!(Number.isInteger(p.maxFeatures) && p.maxFeatures >= 1)) throw new Error('Most frequent words kept must be a whole number of at least 1.');
    if (!(Number.isInteger(p.minDocs) && p.minDocs >= 1)) throw new Error('The minimum number of rows must be a whole number of at least 1.');
    if (!(Number.isInteger(p.minWordLength) && p.minWordLength >= 1)) throw new Error('The shortest word kept must be a whole number of at least 1.');
  },
  schema: (input, columns, p, state) =>
    columns.reduce<ReturnType<typeof appendSchema>>(
      (acc, c, j) => appendSchema(acc, p.keep ? [] : [c], state.terms[j]!.map((t) => [termName(c, t), 'num'] as const)), input),
  fit(work, columns, p) {
    const out: CountState = { terms: [], idf: [] };
    for (const c of columns) {
      const col = textColumn(work, c);
      const df = documentFrequencies(col, tokenOptions(p), p.bigrams);
      const vocab = pickVocabulary(df, p.maxFeatures, p.minDocs);
      out.terms.push(vocab);
      // Every row is a document; missing texts are empty documents.
      out.idf.push(p.output === 'tfidf' ? vocab.map((t) => smoothIdf(col.codes.length, df.get(t)!)) : []);
    }
    return out;
  },
  transform(work, columns, p, state) {
    const out = new Map<string, WorkColumn>(work);
    columns.forEach((c, j) => {
      const col = textColumn(work, c);
      const vocabList = state.terms[j]!;
      const vocab = new Map(vocabList.map((t, k) => [t, k]));
      const idf = state.idf[j]!;
      const n = col.codes.length;
      const values = vocabList.map(() => new Float64Array(n));
      const cache = new Map<number, Sparse>();
      for (let i = 0; i < n; i++) {
        const code = col.codes[i]!;
        if (code < 0) continue;
        let s = cache.get(code);
        if (!s) { s = vectorize(col.dictionary[code]!, vocab, p, idf); cache.set(code, s); }
        for (let k = 0; k < s.index.length; k++) values[s.index[k]!]![i] = s.value[k]!;
      }
      if (!p.keep) out.delete(c);
      vocabList.forEach((t, k) => out.set(termName(c, t), { type: 'num', values: values[k]! }));
    });
    return out;
  },
  onnx(g, env, columns, p, state) {
    columns.forEach((c, j) => {
      const vocab = state.terms[j]!;
      const col = env.get(c)!;
      if (!p.keep) env.delete(c);
      if (vocab.length === 0) return;
      const words = wordTokens(g, col.value, p.lowercase, p.minWordLength);
      const uni = vocab.map((t, k) => [t, k] as const).filter(([t]) => !t.includes(' '));
      const bi = vocab.map((t, k) => [t, k] as const).filter(([t]) => t.includes(' '));
      const counts = g.op('TfIdfVectorizer', [words], {
        mode: attr.string('TF'),
        min_gram_length: attr.int(uni.length ? 1 : 2),
        max_gram_length: attr.int(bi.length ? 2 : 1),
        max_skip_count: attr.int(0),
        ngram_counts: attr.ints(bi.length ? [0, uni.length] : [0]),
        ngram_indexes: attr.ints([...uni, ...bi].map(([, k]) => k)),
        pool_strings: attr.strings([...uni.map(([t]) => t), ...bi.flatMap(([t]) => t.split(' '))]),
      });
      let v = g.op('Cast', [counts], { to: attr.int(11) });
      const zero = () => g.constant('zero', { elem: 'double', dims: [], values: [0] });
      const one = () => g.constant('one', { elem: 'double', dims: [], values: [1] });
      if (p.output === 'binary') v = g.op('Min', [v, one()]);
      else if (p.output === 'tfidf') {
        if (p.sublinearTf) v = g.op('Where', [g.op('Greater', [v, zero()]), g.op('Add', [g.op('Log', [v]), one()]), v]);
        const idf = g.constant(`${c}_idf`, { elem: 'double', dims: [1, vocab.length], values: state.idf[j]! });
        v = g.op('Mul', [v, idf]);
        if (p.normalize) {
          const norm = g.op('ReduceL2', [v], { axes: attr.ints([1]), keepdims: attr.int(1) });
          v = g.op('Div', [v, g.op('Where', [g.op('Greater', [norm, zero()]), norm, one()])]);
        }
      }
      setColumns(g, env, vocab.map((t) => termName(c, t)), v);
    });
  },
});

/**
 * The words of a string [N, 1] column as a string [N, T] tensor padded with '#' (never part of
 * a word), T = the most words in any row (possibly 0).
 */
function wordTokens(g: OnnxGraph, value: string, lowercase: boolean, minLength: number): string {
  let flat = g.op('Reshape', [value, g.constant('flat_shape', { elem: 'int64', dims: [1], values: [-1] })]);
  if (lowercase) flat = g.op('StringNormalizer', [flat], { case_change_action: attr.string('LOWER'), locale: attr.string('C') });
  return g.op('Tokenizer', [flat], {
    mark: attr.int(0), pad_value: attr.string(WORD_PAD), tokenexp: attr.string(WORD_PATTERN), mincharnum: attr.int(minLength),
  }, 'com.microsoft');
}
const WORD_PAD = '#';
/** Longer than one character, so never a character token. */
const CHAR_PAD = '<pad>';
/** Code points per chunk when counting characters (see {@link charCount}). */
const CHUNK = 128;
/** Longer than a chunk, so never a chunk. */
const CHUNK_PAD = '\u0001'.repeat(CHUNK + 1);

/** Number of non-pad tokens per row of a string [N, T] tensor, as int64 [N, 1]. */
function countTokens(g: OnnxGraph, tokens: string, pad: string): string {
  // The Cast (string to string) gives the custom op's output a declared type: without it the
  // ONNX checker's shape inference (onnx 1.12) crashes on LabelEncoder.
  const typed = g.op('Cast', [tokens], { to: attr.int(8) });
  const real = g.op('LabelEncoder', [typed], { keys_strings: attr.strings([pad]), values_int64s: attr.ints([0]), default_int64: attr.int(1) }, 'ai.onnx.ml');
  return g.op('ReduceSum', [real, g.constant('axis1', { elem: 'int64', dims: [1], values: [1] })], { keepdims: attr.int(1) });
}

/**
 * Characters (code points) per row of a string [N, 1] column, as double [N, 1]. Splitting every
 * text into single characters would pad every row to the longest text (N × longest strings), so
 * texts are first cut into chunks of CHUNK characters: length = CHUNK × (chunks − 1) + the
 * characters of the last chunk.
 */
function charCount(g: OnnxGraph, value: string): string {
  const flat = g.op('Reshape', [value, g.constant('flat_shape', { elem: 'int64', dims: [1], values: [-1] })]);
  const chunks = g.op('Tokenizer', [flat], {
    mark: attr.int(0), pad_value: attr.string(CHUNK_PAD), tokenexp: attr.string(`(?s).{1,${CHUNK}}`), mincharnum: attr.int(1),
  }, 'com.microsoft');
  // One more pad column, so the tensor has a column to gather from even when every text is empty.
  const padColumn = g.op('LabelEncoder', [value], { keys_strings: attr.strings(['']), values_strings: attr.strings([CHUNK_PAD]), default_string: attr.string(CHUNK_PAD) }, 'ai.onnx.ml');
  const padded = g.op('Concat', [g.op('Cast', [chunks], { to: attr.int(8) }), padColumn], { axis: attr.int(1) });
  const k = countTokens(g, padded, CHUNK_PAD);
  const zero = g.constant('zero_i64', { elem: 'int64', dims: [], values: [0] });
  const lastIndex = g.op('Max', [g.op('Sub', [k, g.constant('one_i64', { elem: 'int64', dims: [], values: [1] })]), zero]);
  const last = g.op('Reshape', [g.op('GatherElements', [padded, lastIndex], { axis: attr.int(1) }), g.constant('flat_shape', { elem: 'int64', dims: [1], values: [-1] })]);
  const lastChars = countTokens(g, g.op('Tokenizer', [last], {
    mark: attr.int(0), pad_value: attr.string(CHAR_PAD), tokenexp: attr.string('.'), mincharnum: attr.int(1),
  }, 'com.microsoft'), CHAR_PAD);
  const full = g.op('Add', [g.op('Mul', [lastIndex, g.constant('chunk', { elem: 'int64', dims: [], values: [CHUNK] })]), lastChars]);
  // No chunk at all: the "last chunk" is the pad; the length is 0.
  const chars = g.op('Where', [g.op('Greater', [k, zero]), full, zero]);
  return g.op('Cast', [chars], { to: attr.int(11) });
}

/** Appends a double [N, k] tensor to the env as k one-column entries named `names`. */
function setColumns(g: OnnxGraph, env: OnnxEnv, names: readonly string[], value: string): void {
  if (names.length === 1) { env.set(names[0]!, { value, type: 'num', width: 1 }); return; }
  const split = g.constant('split', { elem: 'int64', dims: [names.length], values: names.map(() => 1) });
  const parts = g.node('Split', [value, split], { axis: attr.int(1) }, { outputs: names.length });
  names.forEach((nm, k) => env.set(nm, { value: parts[k]!, type: 'num', width: 1 }));
}

export type LengthParams = {
  chars: boolean;
  words: boolean;
  keep: boolean;
};

function lengthNames(column: string, p: LengthParams): [string, 'chars' | 'words'][] {
  const out: [string, 'chars' | 'words'][] = [];
  if (p.chars) out.push([`${column}_chars`, 'chars']);
  if (p.words) out.push([`${column}_words`, 'words']);
  return out;
}

export const textLength = registerStep<LengthParams, Record<string, never>>({
  kind: 'text.length',
  version: 1,
  label: 'Text length',
  description:
    'Adds the number of characters and the number of words of each text (words are runs of letters and digits). Missing text counts as empty: 0 characters, 0 words.',
  group: 'text',
  accepts: 'text',
  defaults: { chars: true, words: true, keep: false },
  paramsInfo: [
    { name: 'chars', label: 'Number of characters', type: 'boolean', help: 'Unicode characters (an emoji counts as one).' },
    { name: 'words', label: 'Number of words', type: 'boolean' },
    { name: 'keep', label: 'Keep the text column', type: 'boolean', help: 'Keep it for another text step; text itself cannot go into a model.' },
  ],
  validate(p) {
    if (!p.chars && !p.words) throw new Error('Choose characters, words or both.');
  },
  schema: (input, columns, p) =>
    columns.reduce<ReturnType<typeof appendSchema>>(
      (acc, c) => appendSchema(acc, p.keep ? [] : [c], lengthNames(c, p).map(([n]) => [n, 'num'] as [string, WorkType])), input),
  fit: () => ({}),
  transform(work, columns, p) {
    const out = new Map<string, WorkColumn>(work);
    const opts = { lowercase: false, minLength: 1 };
    for (const c of columns) {
      const col = textColumn(work, c);
      const per = new Map<number, [number, number]>();
      const n = col.codes.length;
      const chars = new Float64Array(n);
      const words = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const code = col.codes[i]!;
        if (code < 0) continue;
        let v = per.get(code);
        if (!v) {
          const s = col.dictionary[code]!;
          v = [p.chars ? codePoints(s) : 0, p.words ? tokenize(s, opts).length : 0];
          per.set(code, v);
        }
        chars[i] = v[0];
        words[i] = v[1];
      }
      if (!p.keep) out.delete(c);
      for (const [name, what] of lengthNames(c, p)) out.set(name, { type: 'num', values: what === 'chars' ? chars : words } satisfies NumWork);
    }
    return out;
  },
  onnx(g, env, columns, p) {
    for (const c of columns) {
      const col = env.get(c)!;
      if (!p.keep) env.delete(c);
      for (const [name, what] of lengthNames(c, p)) {
        const count = what === 'chars'
          ? charCount(g, col.value)
          : g.op('Cast', [countTokens(g, wordTokens(g, col.value, false, 1), WORD_PAD)], { to: attr.int(11) });
        env.set(name, { value: count, type: 'num', width: 1 });
      }
    }
  },
});
