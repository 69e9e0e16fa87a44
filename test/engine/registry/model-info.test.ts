import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT_WINDOW, findModelInfo, KNOWN_MODELS } from '../../../src/engine/index.ts';

describe('findModelInfo', () => {
  it('the longest matching prefix wins: a dated gpt-5-mini snapshot gets gpt-5-mini figures, not gpt-5', () => {
    // Both keys are prefixes of the id; only the longer one is right.
    expect('gpt-5-mini-2025-08-07'.startsWith('gpt-5')).toBe(true);
    const info = findModelInfo('gpt-5-mini-2025-08-07');
    expect(info.price).toEqual(KNOWN_MODELS['gpt-5-mini']?.price);
    expect(info.price).not.toEqual(KNOWN_MODELS['gpt-5']?.price);
    expect(info.source).toEqual({
      contextWindow: { from: 'builtin', key: 'gpt-5-mini' },
      price: { from: 'builtin', key: 'gpt-5-mini' },
    });
    expect(findModelInfo('claude-opus-4-1-20250805').source.price).toEqual({ from: 'builtin', key: 'claude-opus-4-1' });
    expect(findModelInfo('claude-opus-4-20250514').source.price).toEqual({ from: 'builtin', key: 'claude-opus-4' });
  });

  it('a key matches whole name parts only: gpt-5 does not cover gpt-5.1 or gpt-50', () => {
    expect(findModelInfo('gpt-5.1-2025-11-13').source.price).toEqual({ from: 'builtin', key: 'gpt-5.1' });
    expect(findModelInfo('gpt-50').price).toBeNull();
  });

  it('ignores the provider prefix and a router vendor path', () => {
    expect(findModelInfo('openai:gpt-4o-2024-08-06').source.price).toEqual({ from: 'builtin', key: 'gpt-4o' });
    expect(findModelInfo('openrouter:anthropic/claude-sonnet-4-5').contextWindow).toBe(200_000);
    expect(findModelInfo('google:gemini-2.5-flash-lite').source.contextWindow).toEqual({
      from: 'builtin',
      key: 'gemini-2.5-flash-lite',
    });
  });

  it('an unknown model: the default window and no price (never a silent 0)', () => {
    expect(findModelInfo('llama3.1:8b')).toEqual({
      contextWindow: DEFAULT_CONTEXT_WINDOW,
      price: null,
      source: { contextWindow: { from: 'default' }, price: { from: 'unknown' } },
    });
  });

  it('configuration overrides and extends the table, each figure on its own', () => {
    const overrides = {
      prices: { 'gpt-5-mini': { input: 9, output: 99 }, 'my-model': { input: 1, output: 2 } },
      contextWindows: { 'my-model': 32_000, 'openai:gpt-5': 100_000 },
    };
    const mini = findModelInfo('gpt-5-mini-2025-08-07', overrides);
    expect(mini.price).toEqual({ input: 9, output: 99 });
    expect(mini.source).toEqual({
      contextWindow: { from: 'builtin', key: 'gpt-5-mini' },
      price: { from: 'config', key: 'gpt-5-mini' },
    });
    expect(findModelInfo('my-model-v2', overrides)).toMatchObject({ contextWindow: 32_000, price: { input: 1 } });
    // A shorter config key does not shadow a longer built-in one.
    expect(findModelInfo('gpt-5-mini', overrides).contextWindow).toBe(272_000);
    expect(findModelInfo('openai:gpt-5', overrides).source.contextWindow).toEqual({
      from: 'config',
      key: 'openai:gpt-5',
    });
  });
});
