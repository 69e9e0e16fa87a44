import type { ModelPrice, PriceTable } from '../types.ts';

/**
 * List prices in USD per million tokens (input / cached input / output), as published by OpenAI and Anthropic
 * for their standard tier in late 2025. Dated snapshots (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`)
 * match by prefix. Users override or extend this table in their configuration; an unknown model costs `null`.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'claude-opus-4-5': { input: 5, cachedInput: 0.5, output: 25 },
  'claude-opus-4-1': { input: 15, cachedInput: 1.5, output: 75 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, output: 75 },
  'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-haiku-4-5': { input: 1, cachedInput: 0.1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, output: 4 },
};

/** The price of a model id, ignoring any `provider:` prefix; the longest matching table key wins. */
export function findPrice(modelId: string, table: PriceTable): ModelPrice | undefined {
  const name = modelId.includes(':') ? modelId.slice(modelId.indexOf(':') + 1) : modelId;
  if (table[modelId]) return table[modelId];
  if (table[name]) return table[name];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    const matches = name.startsWith(`${key}-`) || name.startsWith(`${key}@`);
    if (matches && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}
