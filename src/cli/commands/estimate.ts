import { addCost, costOf, findModelInfo, type ModelOverrides } from '../../engine/index.ts';

import type { LoadedContext } from '../context/load-context.ts';
import type { TokenCount } from '../context/count-tokens.ts';
import { formatBytes, formatCost, formatTokens } from '../../ui/format.ts';

const SYSTEM_TOKENS = 2_000;
const TURN_GROWTH_TOKENS = 3_000;
const ROOT_OUTPUT_PER_TURN = 400;
const SUB_OUTPUT_PER_100K = 300;

/**
 * A cost range, not a promise. Low: the root finishes in 3 turns and sub-models read the context once.
 * High: the root uses every turn (its history grows each turn) and sub-models read the context three times.
 * For comparison, one plain call with the whole context in the prompt.
 */
export function estimateReport(input: {
  loaded: LoadedContext;
  tokens: TokenCount;
  model: string;
  subModel: string;
  maxIterations: number;
  models: ModelOverrides;
}): string {
  const context = input.tokens.tokens;
  const root = findModelInfo(input.model, input.models);
  const rootPrice = root.price;
  const subPrice = findModelInfo(input.subModel, input.models).price;
  const rootCall = (turns: number) => ({
    inputTokens: turns * SYSTEM_TOKENS + (TURN_GROWTH_TOKENS * turns * (turns + 1)) / 2,
    outputTokens: turns * ROOT_OUTPUT_PER_TURN,
    cachedInputTokens: 0,
    reasoningTokens: 0,
  });
  const subPass = (passes: number) => ({
    inputTokens: passes * context,
    outputTokens: Math.ceil((passes * context * SUB_OUTPUT_PER_100K) / 100_000),
    cachedInputTokens: 0,
    reasoningTokens: 0,
  });
  const low = addCost(costOf(rootCall(3), rootPrice), costOf(subPass(1), subPrice));
  const high = addCost(costOf(rootCall(input.maxIterations), rootPrice), costOf(subPass(3), subPrice));
  const base = costOf(
    { inputTokens: context + 500, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0 },
    rootPrice,
  );
  const unknown = [rootPrice ? null : input.model, subPrice ? null : input.subModel].filter(Boolean);

  const lines = [
    `context:   ${input.loaded.files.toLocaleString('en-US')} file(s), ${formatBytes(input.loaded.bytes)}, ${input.loaded.chars.toLocaleString('en-US')} characters`,
    `tokens:    ${input.tokens.estimated ? '≈' : ''}${context.toLocaleString('en-US')} (${input.tokens.encoding}${input.tokens.estimated ? ', extrapolated from samples' : ''})`,
    `models:    root ${input.model}, sub ${input.subModel}`,
    `rlm cost:  ${formatCost(low)} – ${formatCost(high)}  (low: 3 root turns + one sub-model pass over the context; high: ${input.maxIterations} root turns + three passes)`,
    `one call:  ${formatCost(base)} for a single call with all ${formatTokens(context)} tokens in the prompt (${fits(context + 1_000, root.contextWindow, input.model)})`,
  ];
  if (unknown.length > 0)
    lines.push(`note:      no price known for ${unknown.join(', ')}; add it under "prices" in your config to estimate`);
  return lines.join('\n');
}

function fits(tokens: number, window: number, model: string): string {
  const verdict = tokens <= window ? 'fits' : 'does not fit';
  return `${verdict} ${model}'s ${formatTokens(window)}-token window`;
}
