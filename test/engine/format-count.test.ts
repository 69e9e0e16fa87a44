import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/engine/format-count.ts';

describe('formatCount writes numbers as en-US toLocaleString does, without loading ICU', () => {
  it('agrees with toLocaleString on integers, fractions, rounding, negatives and non-finite values', () => {
    const values = [0, 1, 12, 999, 1000, 12_345, 1_234_567, 100_000_000, -1, -1234.5, 0.04, 1.25, 1.95, 2.5, 9_999.96];
    values.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, -0.04, -0, 1e21, 1e-7);
    for (const value of values) {
      expect(formatCount(value)).toBe(value.toLocaleString('en-US', { maximumFractionDigits: 0 }));
      expect(formatCount(value, 1)).toBe(value.toLocaleString('en-US', { maximumFractionDigits: 1 }));
    }
  });
});
