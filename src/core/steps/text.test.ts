import { describe, expect, it } from 'vitest';
import { documentFrequencies, pickVocabulary, smoothIdf, textCounts, textLength, type CountParams } from './text';
import { asciiLower, codePoints, terms, tokenize } from './tokenize';
import type { NumWork, Work } from './types';

/** A text work column; `null` = missing. Repeated texts share one dictionary entry, as frames store them. */
function texts(rows: (string | null)[], extraDictionary: string[] = []): Work {
  const dictionary = [...extraDictionary];
  const index = new Map<string, number>();
  const codes = Int32Array.from(rows, (s) => {
    if (s === null) return -1;
    let k = index.get(s);
    if (k === undefined) { k = dictionary.length; dictionary.push(s); index.set(s, k); }
    return k;
  });
  return new Map([['t', { type: 'text', codes, dictionary }]]);
}
const col = (w: Work, k: string) => Array.from((w.get(k) as NumWork).values);
const P: CountParams = { maxFeatures: 1000, minDocs: 1, bigrams: false, output: 'counts', sublinearTf: false, normalize: true, lowercase: true, minWordLength: 1, keep: false };
const fitApply = (train: Work, p: Partial<CountParams>, apply: Work = train) => {
  const params = { ...P, ...p };
  const state = textCounts.fit(train, ['t'], params, { seed: 0 });
  return { state, out: textCounts.transform(apply, ['t'], params, state) };
};

describe('tokenizing', () => {
  it('lowercases A–Z only and splits on anything but letters, marks and digits', () => {
    expect(tokenize("Delicious!  Tea, don't COFFEE.", { lowercase: true, minLength: 1 })).toEqual(['delicious', 'tea', 'don', 't', 'coffee']);
    expect(asciiLower('ÉCLAIR Über')).toBe('Éclair Über');
    expect(tokenize('Éclair x²3 e\u0301t\u00e9 日本 😀', { lowercase: true, minLength: 1 })).toEqual(['Éclair', 'x²3', 'e\u0301t\u00e9', '日本']);
  });

  it('drops words shorter than the minimum (in characters) before forming pairs', () => {
    expect(tokenize('a bb ccc 😀😀', { lowercase: false, minLength: 2 })).toEqual(['bb', 'ccc']);
    expect(terms('not a good tea', { lowercase: true, minLength: 2 }, true)).toEqual(['not', 'good', 'tea', 'not good', 'good tea']);
  });

  it('counts characters as code points', () => {
    expect(codePoints('é😀a')).toBe(3);
    expect(codePoints('')).toBe(0);
  });
});

describe('vocabulary', () => {
  it('counts each term once per row, repeated texts once per row', () => {
    const df = documentFrequencies(texts(['tea tea', 'tea coffee', 'tea tea', null]).get('t') as never, { lowercase: true, minLength: 1 }, false);
    expect(Object.fromEntries(df)).toEqual({ tea: 3, coffee: 1 });
  });

  it('keeps the most frequent terms, ties alphabetically, at least minDocs rows, in alphabetical order', () => {
    const df = new Map([['b', 3], ['a', 3], ['c', 1], ['z', 5], ['y', 1]]);
    expect(pickVocabulary(df, 3, 1)).toEqual(['a', 'b', 'z']);
    expect(pickVocabulary(df, 2, 1)).toEqual(['a', 'z']);
    expect(pickVocabulary(df, 10, 2)).toEqual(['a', 'b', 'z']);
    expect(pickVocabulary(df, 4, 1)).toEqual(['a', 'b', 'c', 'z']);
  });
});

describe('word counts', () => {
  it('counts words per row; unseen words ignored; missing rows all zeros', () => {
    const train = texts(['Good tea, good!', 'bad COFFEE', null]);
    const test = texts(['good zebra GOOD good', null, 'Éclair']);
    const { out } = fitApply(train, {}, test);
    expect([...out.keys()]).toEqual(['t:bad', 't:coffee', 't:good', 't:tea']);
    expect(col(out, 't:good')).toEqual([3, 0, 0]);
    expect(col(out, 't:tea')).toEqual([0, 0, 0]);
  });

  it('adds word pairs with bigrams and 0/1 values with binary', () => {
    const { out } = fitApply(texts(['not good not good', 'good']), { bigrams: true, output: 'binary' });
    expect([...out.keys()]).toEqual(['t:good', 't:good not', 't:not', 't:not good']);
    expect(col(out, 't:not good')).toEqual([1, 0]);
    expect(col(out, 't:good')).toEqual([1, 1]);
  });

  it('computes TF-IDF like scikit-learn (smooth idf, L2 rows)', () => {
    // Three documents (the missing one is empty): df(a) = 2, df(b) = 1.
    const { state, out } = fitApply(texts(['a b b', 'a', null]), { output: 'tfidf' });
    const ia = Math.log(4 / 3) + 1;
    const ib = Math.log(4 / 2) + 1;
    expect(state.idf).toEqual([[ia, ib]]);
    const norm = Math.hypot(ia, 2 * ib);
    expect(col(out, 't:a')[0]).toBeCloseTo(ia / norm, 15);
    expect(col(out, 't:b')[0]).toBeCloseTo((2 * ib) / norm, 15);
    expect(col(out, 't:a')[1]).toBeCloseTo(1, 15);
    expect([col(out, 't:a')[2], col(out, 't:b')[2]]).toEqual([0, 0]);
    expect(smoothIdf(3, 2)).toBe(ia);
  });

  it('dampens counts with sublinear TF and can skip the normalisation', () => {
    const { state, out } = fitApply(texts(['a a a b', 'b']), { output: 'tfidf', sublinearTf: true, normalize: false });
    const [ia, ib] = state.idf[0]!;
    expect(col(out, 't:a')[0]).toBeCloseTo((1 + Math.log(3)) * ia!, 15);
    expect(col(out, 't:b')).toEqual([ib, ib]);
  });

  it('keeps case when asked, drops short words, honours maxFeatures and minDocs', () => {
    expect([...fitApply(texts(['Tea tea TEA']), { lowercase: false }).out.keys()]).toEqual(['t:TEA', 't:Tea', 't:tea']);
    expect([...fitApply(texts(['a an ant']), { minWordLength: 2 }).out.keys()]).toEqual(['t:an', 't:ant']);
    expect([...fitApply(texts(['x y', 'y z', 'y']), { maxFeatures: 1 }).out.keys()]).toEqual(['t:y']);
    expect([...fitApply(texts(['x y', 'y z', 'y']), { minDocs: 2 }).out.keys()]).toEqual(['t:y']);
  });

  it('only looks at the dictionary entries the rows use (a fold sees part of the frame)', () => {
    const train = texts(['tea'], ['coffee never used']);
    expect([...fitApply(train, {}).out.keys()]).toEqual(['t:tea']);
  });

  it('keeps the text column only when asked', () => {
    expect([...fitApply(texts(['tea']), { keep: true }).out.keys()]).toEqual(['t', 't:tea']);
  });

  it('splits a few thousand long reviews in well under a few seconds', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
    let s = 1;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const rows = Array.from({ length: 4000 }, () => Array.from({ length: 80 }, () => words[Math.floor(rnd() ** 2 * words.length)]!).join(' '));
    const t0 = performance.now();
    const { out } = fitApply(texts(rows), { bigrams: true, output: 'tfidf', maxFeatures: 2000 });
    expect(out.size).toBe(2000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('text length', () => {
  it('counts characters (code points) and words; missing counts as empty', () => {
    const w = texts(['Éclair 😀 ok', null, '  ', "don't"]);
    const out = textLength.transform(w, ['t'], { chars: true, words: true, keep: false }, {});
    expect([...out.keys()]).toEqual(['t_chars', 't_words']);
    expect(col(out, 't_chars')).toEqual([11, 0, 2, 5]);
    expect(col(out, 't_words')).toEqual([2, 0, 0, 2]);
  });

  it('adds only what is asked, keeps the text when asked, and needs one of the two', () => {
    const out = textLength.transform(texts(['a b']), ['t'], { chars: false, words: true, keep: true }, {});
    expect([...out.keys()]).toEqual(['t', 't_words']);
    expect(() => textLength.validate!({ chars: false, words: false, keep: false }, ['t'])).toThrow();
  });
});
