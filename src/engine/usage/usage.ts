import type { ModelPrice, Usage, UsageBreakdown } from '../types.ts';

export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

export function addUsage(a: Usage, b: Usage): Usage {
  const cacheWriteTokens = (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0);
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    ...(cacheWriteTokens > 0 ? { cacheWriteTokens } : {}),
  };
}

export function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens;
}

/**
 * Cost of one call; `null` when the price is unknown (never a silent 0). Input tokens read from the cache, written
 * to it and neither are priced apart; reasoning tokens are billed as output.
 */
export function costOf(usage: Usage, price: ModelPrice | null | undefined): number | null {
  if (!price) return null;
  const read = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - read);
  const plain = usage.inputTokens - read - written;
  const input =
    plain * price.input + read * (price.cachedInput ?? price.input) + written * (price.cacheWrite ?? price.input);
  return (input + usage.outputTokens * price.output) / 1e6;
}

/** Sums of costs where any unknown part makes the sum unknown. */
export function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/** Running totals for a whole run tree: overall, per depth, per model. */
export class UsageLedger {
  #breakdown: UsageBreakdown = { total: ZERO_USAGE, costUsd: 0, byDepth: {}, byModel: {} };
  /** Cost of the calls whose price is known: what budgets are checked against. */
  #knownCostUsd = 0;
  readonly #parent: UsageLedger | undefined;

  /** `parent` also receives every entry: a session's totals over its questions. */
  constructor(parent?: UsageLedger) {
    this.#parent = parent;
  }

  record(entry: { depth: number; model: string; usage: Usage; costUsd: number | null }): void {
    this.#parent?.record(entry);
    const b = this.#breakdown;
    b.total = addUsage(b.total, entry.usage);
    b.costUsd = addCost(b.costUsd, entry.costUsd);
    this.#knownCostUsd += entry.costUsd ?? 0;
    const depth = (b.byDepth[entry.depth] ??= { usage: ZERO_USAGE, costUsd: 0, calls: 0 });
    depth.usage = addUsage(depth.usage, entry.usage);
    depth.costUsd = addCost(depth.costUsd, entry.costUsd);
    depth.calls += 1;
    const model = (b.byModel[entry.model] ??= { usage: ZERO_USAGE, costUsd: 0, calls: 0 });
    model.usage = addUsage(model.usage, entry.usage);
    model.costUsd = addCost(model.costUsd, entry.costUsd);
    model.calls += 1;
  }

  get total(): Usage {
    return this.#breakdown.total;
  }

  get costUsd(): number | null {
    return this.#breakdown.costUsd;
  }

  get knownCostUsd(): number {
    return this.#knownCostUsd;
  }

  snapshot(): UsageBreakdown {
    return structuredClone(this.#breakdown);
  }
}
