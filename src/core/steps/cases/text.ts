/** Contract cases for the text steps (the fixture's `review`: punctuation, capitals, double spaces, missing, unseen words). */
import type { StepCase } from '../contract-kit';

export const textCases: StepCase[] = [
  { kind: 'text.counts', columns: ['review'] },
  { kind: 'text.counts', title: 'text.counts (bigrams, binary, 15 terms)', columns: ['review'], params: { bigrams: true, output: 'binary', maxFeatures: 15 } },
  { kind: 'text.counts', title: 'text.counts (TF-IDF, L2)', columns: ['review'], params: { output: 'tfidf' } },
  { kind: 'text.counts', title: 'text.counts (bigrams, TF-IDF sublinear, L2, min 3 rows)', columns: ['review'], params: { output: 'tfidf', bigrams: true, sublinearTf: true, minDocs: 3 } },
  { kind: 'text.counts', title: 'text.counts (TF-IDF no norm, case kept, words of 3+)', columns: ['review'], params: { output: 'tfidf', normalize: false, lowercase: false, minWordLength: 3 } },
  { kind: 'text.length', columns: ['review'] },
  {
    kind: 'text.length', title: 'text.length (words only, text kept for counts)', columns: ['review'], params: { chars: false, keep: true },
    after: [{ kind: 'text.counts', columns: ['review'], params: { maxFeatures: 5 } }],
  },
];
