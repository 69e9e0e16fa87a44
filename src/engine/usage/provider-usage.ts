import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { Usage } from '../types.ts';

/** Our usage in the AI SDK's provider form, for the models rlm itself provides (replays, the RLM as a model). */
export function toProviderUsage(usage: Usage): LanguageModelV4Usage {
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    inputTokens: {
      total: usage.inputTokens,
      noCache: usage.inputTokens - usage.cachedInputTokens - cacheWrite,
      cacheRead: usage.cachedInputTokens,
      cacheWrite: cacheWrite > 0 ? cacheWrite : undefined,
    },
    outputTokens: {
      total: usage.outputTokens,
      text: usage.outputTokens - usage.reasoningTokens,
      reasoning: usage.reasoningTokens,
    },
  };
}
