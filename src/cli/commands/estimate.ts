import { formatCount, addCost, costOf, findModelInfo, type ModelOverrides } from '../../engine/internal.ts';

import type { LoadedContext } from '../context/load-context.ts';
import type { TokenCount } from '../context/count-tokens.ts';
import { formatBytes, formatCost, formatTokens } from '../../ui/format.ts';

const SYSTEM_TOKENS = 2_000;
const TURN_GROWTH_TOKENS = 3_000;
const ROOT_OUTPUT_PER_TURN = 400;
const SUB_OUTPUT_PER_100K = 300;

/** What `rlm ask --estimate` reports; also the `--estimate --json` object. Costs are null when a price is unknown. */
export interface Estimate {
  context: { files: number; bytes: number; chars: number; tokens: number; tokensEstimated: boolean; encoding: string };
  models: { root: string | null; sub: string | null };
  /** The root model's input window (tokens), and whether one call with the whole context would fit it. */
  rootContextWindow: number | null;
  fitsOneCall: boolean | null;
  maxIterations: number;
  costUsd: { low: number | null; high: number | null; oneCall: number | null };
  /** Models named above that have no price (add them under "prices" in the config). */
  unpriced: string[];
}

/**
 * A cost range, not a promise. Low: the root finishes in 3 turns and sub-models read the context once.
 * High: the root uses every turn (its history grows each turn) and sub-models read the context three times.
 * For comparison, one plain call with the whole context in the prompt.
 */
export function estimate(input: {
  loaded: LoadedContext;
  tokens: TokenCount;
  model: string | undefined;
  subModel: string | undefined;
  maxIterations: number;
  models: ModelOverrides;
}): Estimate {
  const context = input.tokens.tokens;
  const root = input.model ? findModelInfo(input.model, input.models) : undefined;
  const rootPrice = root?.price ?? undefined;
  const subPrice = (input.subModel ? findModelInfo(input.subModel, input.models).price : undefined) ?? undefined;
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
  const oneCall = { inputTokens: context + 500, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0 };
  const unpriced = [
    ...new Set([rootPrice ? null : input.model, subPrice ? null : input.subModel].filter((id) => id !== undefined)),
  ].filter((id): id is string => id !== null);
  return {
    context: {
      files: input.loaded.files,
      bytes: input.loaded.bytes,
      chars: input.loaded.chars,
      tokens: context,
      tokensEstimated: input.tokens.estimated,
      encoding: input.tokens.encoding,
    },
    models: { root: input.model ?? null, sub: input.subModel ?? null },
    rootContextWindow: root?.contextWindow ?? null,
    fitsOneCall: root ? oneCall.inputTokens + 500 <= root.contextWindow : null,
    maxIterations: input.maxIterations,
    costUsd: {
      low: addCost(costOf(rootCall(3), rootPrice), costOf(subPass(1), subPrice)),
      high: addCost(costOf(rootCall(input.maxIterations), rootPrice), costOf(subPass(3), subPrice)),
      oneCall: costOf(oneCall, rootPrice),
    },
    unpriced,
  };
}

export function estimateText(report: Estimate): string {
  const { context, costUsd } = report;
  const models = report.models.root
    ? `root ${report.models.root}, sub ${report.models.sub ?? report.models.root}`
    : 'none configured: pass -m <model> (or set RLM_MODEL) to estimate the cost';
  const lines = [
    `context:   ${formatCount(context.files)} file(s), ${formatBytes(context.bytes)}, ${formatCount(context.chars)} characters`,
    `tokens:    ${context.tokensEstimated ? '≈' : ''}${formatCount(context.tokens)} (${context.encoding}${context.tokensEstimated ? ', extrapolated from samples' : ''})`,
    `models:    ${models}`,
    `rlm cost:  ${formatCost(costUsd.low)} – ${formatCost(costUsd.high)}  (low: 3 root turns + one sub-model pass over the context; high: ${report.maxIterations} root turns + three passes)`,
    `one call:  ${formatCost(costUsd.oneCall)} for a single call with all ${formatTokens(context.tokens)} tokens in the prompt (${fits(report)})`,
  ];
  if (report.unpriced.length > 0)
    lines.push(
      `note:      no price known for ${report.unpriced.join(', ')}; add it under "prices" in your config to estimate`,
    );
  return lines.join('\n');
}

function fits(report: Estimate): string {
  if (report.rootContextWindow === null || report.models.root === null) return "if it fits the model's window";
  const verdict = report.fitsOneCall ? 'fits' : 'does not fit';
  return `${verdict} ${report.models.root}'s ${formatTokens(report.rootContextWindow)}-token window`;
}
