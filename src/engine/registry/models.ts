import type { ModelPrice } from '../types.ts';
import type { ProviderId } from './providers.ts';

export interface KnownModel {
  provider: ProviderId;
  /** The most input tokens one request may carry. */
  contextWindow: number;
  /** USD per million tokens. */
  price: ModelPrice;
}

/** Used for models this table does not know and the configuration does not describe. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/**
 * Known models keyed by name (a key also covers its dated snapshots: `gpt-4o` covers `gpt-4o-2024-08-06`).
 * Prices are the providers' published standard-tier list prices in late 2025, USD per million tokens (input /
 * cached input / output); windows are input limits (GPT-5 accepts 272K input tokens of its 400K total).
 */
export const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  'gpt-5.1': openai(272_000, 1.25, 0.125, 10),
  'gpt-5': openai(272_000, 1.25, 0.125, 10),
  'gpt-5-mini': openai(272_000, 0.25, 0.025, 2),
  'gpt-5-nano': openai(272_000, 0.05, 0.005, 0.4),
  'gpt-4.1': openai(1_047_576, 2, 0.5, 8),
  'gpt-4.1-mini': openai(1_047_576, 0.4, 0.1, 1.6),
  'gpt-4.1-nano': openai(1_047_576, 0.1, 0.025, 0.4),
  'gpt-4o': openai(128_000, 2.5, 1.25, 10),
  'gpt-4o-mini': openai(128_000, 0.15, 0.075, 0.6),
  o3: openai(200_000, 2, 0.5, 8),
  'o3-mini': openai(200_000, 1.1, 0.55, 4.4),
  'o4-mini': openai(200_000, 1.1, 0.275, 4.4),
  'claude-opus-4-5': anthropic(200_000, 5, 0.5, 25),
  'claude-opus-4-1': anthropic(200_000, 15, 1.5, 75),
  'claude-opus-4': anthropic(200_000, 15, 1.5, 75),
  'claude-sonnet-4-5': anthropic(200_000, 3, 0.3, 15),
  'claude-sonnet-4': anthropic(200_000, 3, 0.3, 15),
  'claude-3-7-sonnet': anthropic(200_000, 3, 0.3, 15),
  'claude-haiku-4-5': anthropic(200_000, 1, 0.1, 5),
  'claude-3-5-haiku': anthropic(200_000, 0.8, 0.08, 4),
  'gemini-2.5-pro': google(1_048_576, 1.25, 0.125, 10),
  'gemini-2.5-flash': google(1_048_576, 0.3, 0.03, 2.5),
  'gemini-2.5-flash-lite': google(1_048_576, 0.1, 0.01, 0.4),
  'gemini-2.0-flash': google(1_048_576, 0.1, 0.025, 0.4),
};

function entry(provider: ProviderId, contextWindow: number, input: number, cachedInput: number, output: number) {
  return { provider, contextWindow, price: { input, cachedInput, output } };
}
function openai(window: number, input: number, cached: number, output: number): KnownModel {
  return entry('openai', window, input, cached, output);
}
/** Anthropic bills writes to its (5-minute) prompt cache at 1.25 × the input price. */
function anthropic(window: number, input: number, cached: number, output: number): KnownModel {
  const known = entry('anthropic', window, input, cached, output);
  return { ...known, price: { ...known.price, cacheWrite: input * 1.25 } };
}
function google(window: number, input: number, cached: number, output: number): KnownModel {
  return entry('google', window, input, cached, output);
}
