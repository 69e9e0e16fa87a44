import type { ModelPrice, PriceTable } from '../types.ts';
import { DEFAULT_CONTEXT_WINDOW, KNOWN_MODELS } from './models.ts';

/** Configuration on top of the built-in table; keys are model ids or prefixes, with or without `provider:`. */
export interface ModelOverrides {
  /** USD per million tokens. */
  prices?: PriceTable | undefined;
  /** Input tokens one request may carry. */
  contextWindows?: Record<string, number> | undefined;
}

/** Where a figure came from: the configuration, the built-in table (with the key that matched), or neither. */
export type FigureSource =
  { from: 'config'; key: string } | { from: 'builtin'; key: string } | { from: 'default' } | { from: 'unknown' };

export interface ModelInfo {
  contextWindow: number;
  /** `null` when no price is known: costs are then unknown, never a silent 0. */
  price: ModelPrice | null;
  source: { contextWindow: FigureSource; price: FigureSource };
}

/**
 * What rlm knows of a model: its input window and price. The longest key matching the id wins, so a dated
 * snapshot (`gpt-5-mini-2025-08-07`) gets `gpt-5-mini`'s figures, not `gpt-5`'s; configuration beats the
 * built-in table for equally long keys. An unknown window falls back to DEFAULT_CONTEXT_WINDOW.
 */
export function findModelInfo(modelId: string, overrides: ModelOverrides = {}): ModelInfo {
  const window = lookup(modelId, overrides.contextWindows ?? {}, BUILTIN_WINDOWS);
  const price = lookup(modelId, overrides.prices ?? {}, DEFAULT_PRICES);
  return {
    contextWindow: window?.value ?? DEFAULT_CONTEXT_WINDOW,
    price: price?.value ?? null,
    source: {
      contextWindow: window?.source ?? { from: 'default' },
      price: price?.source ?? { from: 'unknown' },
    },
  };
}

/** Built-in list prices keyed by model name. */
export const DEFAULT_PRICES: PriceTable = Object.fromEntries(
  Object.entries(KNOWN_MODELS).map(([key, model]) => [key, model.price]),
);

const BUILTIN_WINDOWS: Record<string, number> = Object.fromEntries(
  Object.entries(KNOWN_MODELS).map(([key, model]) => [key, model.contextWindow]),
);

function lookup<T>(
  modelId: string,
  fromConfig: Record<string, T>,
  builtin: Record<string, T>,
): { value: T; source: FigureSource } | undefined {
  const configKey = longestKey(modelId, Object.keys(fromConfig));
  const builtinKey = longestKey(modelId, Object.keys(builtin));
  if (configKey !== undefined && (builtinKey === undefined || matchLength(configKey) >= matchLength(builtinKey)))
    return { value: fromConfig[configKey] as T, source: { from: 'config', key: configKey } };
  if (builtinKey !== undefined)
    return { value: builtin[builtinKey] as T, source: { from: 'builtin', key: builtinKey } };
  return undefined;
}

/** A `provider:` key is as specific as the same key without it, plus a little (it names the provider too). */
function matchLength(key: string): number {
  const colon = key.indexOf(':');
  return colon > 0 ? key.length - colon - 1 + 0.5 : key.length;
}

/**
 * The longest key that is the id itself or a prefix of it followed by `-` or `@`, checked
 * against the full id and its name (without `provider:` and, for routers, without the `vendor/` part).
 */
function longestKey(modelId: string, keys: string[]): string | undefined {
  const name = modelId.includes(':') ? modelId.slice(modelId.indexOf(':') + 1) : modelId;
  const candidates = [...new Set([modelId, name, name.slice(name.lastIndexOf('/') + 1)])];
  let best: string | undefined;
  for (const key of keys) {
    const matches = candidates.some((id) => id === key || id.startsWith(`${key}-`) || id.startsWith(`${key}@`));
    if (matches && (best === undefined || matchLength(key) > matchLength(best))) best = key;
  }
  return best;
}
