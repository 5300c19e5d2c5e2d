/**
 * Word splitting shared by the text steps, defined so the exported ONNX model does exactly the
 * same (onnxruntime's StringNormalizer and com.microsoft.Tokenizer):
 * - Lowercasing changes only A–Z. onnxruntime lowercases through a C++ locale; the only locale
 *   present on every system is "C", which lowercases ASCII letters only (its default, en_US,
 *   fails to load where that locale is not installed). So 'É' stays 'É' in both.
 * - A word is a run of Unicode letters, combining marks and digits (`[\p{L}\p{M}\p{N}]+`, the
 *   same pattern in JavaScript and in RE2); everything else separates words, so "don't" is
 *   "don" + "t" and "Tea," is "tea".
 * - Words shorter than a minimum number of characters are dropped (before bigrams are formed).
 * - Lengths are in characters = Unicode code points (what the Tokenizer counts), not UTF-16 units.
 */

/** The word pattern, in syntax both RE2 (onnxruntime) and JavaScript (with the `u` flag) read the same way. */
export const WORD_PATTERN = '[\\p{L}\\p{M}\\p{N}]+';
const WORD = new RegExp(WORD_PATTERN, 'gu');
const UPPER = /[A-Z]+/g;

/** Lowercases A–Z only (see the module note). */
export function asciiLower(s: string): string {
  return s.replace(UPPER, (m) => m.toLowerCase());
}

/** Number of Unicode code points. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length) {
      const v = s.charCodeAt(i + 1);
      if (v >= 0xdc00 && v <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

export interface TokenOptions {
  lowercase: boolean;
  /** Words with fewer code points are dropped. */
  minLength: number;
}

/** The words of a text, in order. */
export function tokenize(text: string, opts: TokenOptions): string[] {
  const s = opts.lowercase ? asciiLower(text) : text;
  const words = s.match(WORD) ?? [];
  return opts.minLength > 1 ? words.filter((w) => codePoints(w) >= opts.minLength) : words;
}

/** The terms of a text: its words, then (with `bigrams`) each pair of neighbouring words joined by a space. */
export function terms(text: string, opts: TokenOptions, bigrams: boolean): string[] {
  const words = tokenize(text, opts);
  if (!bigrams) return words;
  const out = words.slice();
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]!} ${words[i + 1]!}`);
  return out;
}
