import { describe, expect, it } from 'vitest';
import { addUsage, costOf, findModelInfo, ZERO_USAGE, type Usage } from '../../src/engine/index.ts';
import { toProviderUsage } from '../../src/engine/usage/provider-usage.ts';

const usage = (extra: Partial<Usage> = {}): Usage => ({
  inputTokens: 10_000,
  cachedInputTokens: 8_000,
  outputTokens: 500,
  reasoningTokens: 0,
  ...extra,
});

describe('usage and cost', () => {
  it('prices input read from the cache, written to it and neither apart (Anthropic writes at 1.25 × input)', () => {
    const price = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 };
    // 1,000 plain × $3 + 8,000 read × $0.3 + 1,000 written × $3.75 + 500 out × $15, per million.
    expect(costOf(usage({ cacheWriteTokens: 1_000 }), price)).toBeCloseTo(0.01665, 10);
    // Without a write price, writes cost plain input; without writes, nothing changes.
    expect(costOf(usage({ cacheWriteTokens: 1_000 }), { input: 3, cachedInput: 0.3, output: 15 })).toBeCloseTo(
      0.0159,
      10,
    );
    expect(costOf(usage(), price)).toBeCloseTo(0.0159, 10);
    // Counts a provider reports inconsistently never make a negative plain share.
    expect(costOf(usage({ cacheWriteTokens: 5_000 }), price)).toBeCloseTo(
      (8_000 * 0.3 + 2_000 * 3.75 + 7_500) / 1e6,
      10,
    );
    expect(findModelInfo('anthropic:claude-sonnet-4-5').price?.cacheWrite).toBeCloseTo(3.75, 10);
    expect(findModelInfo('openai:gpt-5').price?.cacheWrite).toBeUndefined();
  });

  it('adds cache writes only where some were reported, so older records keep their shape', () => {
    expect(addUsage(ZERO_USAGE, usage())).toEqual(usage());
    expect(addUsage(usage({ cacheWriteTokens: 10 }), usage())).toMatchObject({ cacheWriteTokens: 10 });
    expect('cacheWriteTokens' in addUsage(usage(), usage())).toBe(false);
  });
});

describe('toProviderUsage: our usage in the AI SDK provider form (replays, the RLM as a model)', () => {
  it('splits input into uncached, cache reads and cache writes, and output into text and reasoning', () => {
    const counts = { inputTokens: 1000, outputTokens: 50, cachedInputTokens: 600, reasoningTokens: 20 };
    expect(toProviderUsage({ ...counts, cacheWriteTokens: 300 })).toEqual({
      inputTokens: { total: 1000, noCache: 100, cacheRead: 600, cacheWrite: 300 },
      outputTokens: { total: 50, text: 30, reasoning: 20 },
    });
    // No cache writes: the field stays absent, as providers that have none report it.
    expect(toProviderUsage(counts).inputTokens).toEqual({
      total: 1000,
      noCache: 400,
      cacheRead: 600,
      cacheWrite: undefined,
    });
  });
});
