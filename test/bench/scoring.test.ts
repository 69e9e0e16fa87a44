import { describe, expect, it } from 'vitest';
import { SUITES } from '../../src/bench/suites/index.ts';
import type { BenchTask, SuiteName } from '../../src/bench/suites/types.ts';

const task = (suite: SuiteName, expected: unknown, meta: Record<string, unknown> = {}): BenchTask => ({
  id: `${suite}-0-0`,
  suite,
  seed: 0,
  targetTokens: 0,
  contextTokens: 0,
  context: '',
  question: '',
  expected,
  meta,
});
const score = (t: BenchTask, prediction: string | null) => SUITES[t.suite].score(t, prediction);

describe('oolong-lite scoring (as OOLONG)', () => {
  const count = task('oolong-lite', { kind: 'number', value: 10 }, { query: { kind: 'count', label: 'entity' } });

  it('numbers earn 0.75^|error| from the text after the last colon', () => {
    expect(score(count, 'Answer: 10')).toMatchObject({ score: 1, correct: true });
    expect(score(count, 'Answer: 12').score).toBeCloseTo(0.5625);
    expect(score(count, 'Answer: 7').score).toBeCloseTo(0.421875);
    expect(score(count, 'I counted them all: **9**.')).toMatchObject({ score: 0.75, correct: false });
    expect(score(count, 'Step 1: 3 chunks. Answer: 10')).toMatchObject({ score: 1 });
    expect(score(count, '10')).toMatchObject({ score: 1 });
  });

  it('only the last colon counts, and a missing number or answer scores 0', () => {
    expect(score(count, 'Answer: 10. Note: unsure').score).toBe(0);
    expect(score(count, 'Answer: ten').score).toBe(0);
    expect(score(count, null).score).toBe(0);
  });

  it('labels are an exact match after the last colon (case, markdown and punctuation aside)', () => {
    const label = task('oolong-lite', { kind: 'label', value: 'human being' }, { query: { kind: 'most' } });
    expect(score(label, 'Label: human being')).toMatchObject({ score: 1, correct: true });
    expect(score(label, 'Looking at the counts: Label: **Human Being**.')).toMatchObject({ score: 1 });
    expect(score(label, 'human being')).toMatchObject({ score: 1 });
    expect(score(label, 'Label: human being or location').score).toBe(0);
    expect(score(label, 'Label: human').score).toBe(0);
    expect(score(label, 'Label: location').score).toBe(0);
  });

  it('comparisons need exactly the expected phrase', () => {
    const compare = task(
      'oolong-lite',
      { kind: 'comparison', value: 'less common than' },
      { query: { kind: 'compare', label: 'entity', other: 'location' } },
    );
    expect(score(compare, 'Answer: entity is less common than location')).toMatchObject({ score: 1, correct: true });
    expect(score(compare, 'Answer: entity is *less common than* location.')).toMatchObject({ score: 1 });
    expect(score(compare, 'Answer: entity is more common than location').score).toBe(0);
    expect(score(compare, 'Answer: entity is same frequency as location').score).toBe(0);
    expect(score(compare, 'Answer: less common than or more common than').score).toBe(0);
  });
});

describe('pairs-lite scoring (F1 over unordered pairs)', () => {
  const pairs = task('pairs-lite', [
    ['11111', '22222'],
    ['11111', '33333'],
    ['22222', '33333'],
  ]);

  it('is 1 for the exact set, in any order and notation', () => {
    expect(score(pairs, '(11111, 22222)\n(11111, 33333)\n(22222, 33333)')).toMatchObject({ score: 1, correct: true });
    expect(
      score(pairs, 'Pairs: (33333, 22222), (22222,11111) and 33333 - 11111; also (11111, 22222) again'),
    ).toMatchObject({ score: 1 });
  });

  it('is the harmonic mean of precision and recall otherwise', () => {
    // 2 of 3 predicted are right, 2 of 3 expected found.
    expect(score(pairs, '(11111, 22222)\n(11111, 33333)\n(44444, 55555)').score).toBeCloseTo(2 / 3);
    // Precision 1, recall 1/3.
    expect(score(pairs, '(22222, 11111)').score).toBeCloseTo(0.5);
    expect(score(pairs, 'none').score).toBe(0);
    expect(score(pairs, null).score).toBe(0);
    expect(score(pairs, '(11111, 11111)').score).toBe(0);
  });
});

describe('sniah scoring', () => {
  it('is case-insensitive containment of the value', () => {
    const word = task('sniah', 'periwinkle');
    expect(score(word, 'The special magic word is PERIWINKLE.')).toMatchObject({ score: 1, correct: true });
    expect(score(word, 'periwink').score).toBe(0);
    expect(score(word, null).score).toBe(0);
  });
});

describe('multihop-docs scoring', () => {
  it('finds a year as a whole number and a name case-insensitively', () => {
    const year = task('multihop-docs', '1630');
    expect(score(year, 'It was founded in 1630.').score).toBe(1);
    expect(score(year, '11630').score).toBe(0);
    expect(score(year, '1631').score).toBe(0);
    const name = task('multihop-docs', 'Milan Zeller');
    expect(score(name, 'The mayor is milan zeller.').score).toBe(1);
    expect(score(name, 'Milan Zeler').score).toBe(0);
  });
});

describe('reference answers', () => {
  it.each(Object.keys(SUITES) as SuiteName[])('%s: the reference answer scores 1 and a wrong one does not', (name) => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const generated = SUITES[name].generate({ seed, targetTokens: 8192 });
      expect(score(generated, SUITES[name].reference(generated))).toMatchObject({ score: 1, correct: true });
      expect(score(generated, 'I do not know').correct).toBe(false);
    }
  });
});
