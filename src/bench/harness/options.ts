import type { SuiteName } from '../suites/types.ts';

export const METHODS = ['base', 'rlm', 'rlm-no-sub', 'rlm-d2'] as const;
export type Method = (typeof METHODS)[number];
export const SUITE_NAMES: SuiteName[] = ['sniah', 'oolong-lite', 'pairs-lite', 'multihop-docs'];

/**
 * `8k`, `32k`, `131k`, `1m` → tokens. Sizes close to a power of two (within 5%) mean that power, as in the
 * papers' tables (131k = 131,072); others are taken literally (100k = 100,000).
 */
export function parseLength(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a length like 8k, 131k or 1m`);
  const value =
    Number(match[1]) * (match[2]?.toLowerCase() === 'm' ? 1_000_000 : match[2]?.toLowerCase() === 'k' ? 1000 : 1);
  const power = 2 ** Math.round(Math.log2(value));
  return Math.abs(power - value) / value <= 0.05 ? power : Math.round(value);
}

export function formatLength(tokens: number): string {
  if (tokens >= 1_000_000) return `${Math.round(tokens / 1_048_576)}M`;
  return `${Math.floor(tokens / 1000)}K`;
}

export function parseList<T extends string>(text: string, allowed: readonly T[], what: string): T[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items)
    if (!allowed.includes(item as T)) throw new Error(`unknown ${what} "${item}" (choose from ${allowed.join(', ')})`);
  if (items.length === 0) throw new Error(`no ${what} given`);
  return [...new Set(items)] as T[];
}
