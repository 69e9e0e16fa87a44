import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { RlmError } from '../errors.ts';
import type { ModelResolver } from '../types.ts';

/** Credentials and endpoints, passed in by the caller: the engine never reads the environment. */
export interface ProviderSettings {
  openaiApiKey?: string | undefined;
  /** An OpenAI-compatible server (vLLM, Ollama, LM Studio, llama.cpp, OpenRouter…), spoken to over Chat Completions. */
  openaiBaseUrl?: string | undefined;
  anthropicApiKey?: string | undefined;
  anthropicBaseUrl?: string | undefined;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch | undefined;
}

export type ParsedModelId = { provider: 'openai' | 'anthropic' | 'compatible'; name: string };

/**
 * `anthropic:claude-…` → Anthropic; `openai:x` and bare names → the configured OpenAI-compatible server when a
 * base URL is set, otherwise OpenAI itself. A bare `claude-…` name means Anthropic when no base URL is set.
 */
export function parseModelId(modelId: string, settings: Pick<ProviderSettings, 'openaiBaseUrl'>): ParsedModelId {
  const colon = modelId.indexOf(':');
  const prefix = colon > 0 ? modelId.slice(0, colon) : undefined;
  const name = prefix && ['openai', 'anthropic'].includes(prefix) ? modelId.slice(colon + 1) : modelId;
  if (!name) throw new RlmError('invalid_config', `The model id "${modelId}" has no model name`);
  if (prefix === 'anthropic') return { provider: 'anthropic', name };
  if (settings.openaiBaseUrl) return { provider: 'compatible', name };
  if (prefix === undefined && name.startsWith('claude-')) return { provider: 'anthropic', name };
  return { provider: 'openai', name };
}

/** Resolves model ids to AI SDK models; fails with `no_model` and a how-to when a needed key is missing. */
export function createProviderResolver(settings: ProviderSettings): ModelResolver {
  const fetchOption = settings.fetch ? { fetch: settings.fetch } : {};
  let openai: ReturnType<typeof createOpenAI> | undefined;
  let anthropic: ReturnType<typeof createAnthropic> | undefined;
  let compatible: ReturnType<typeof createOpenAICompatible> | undefined;

  return (modelId: string): LanguageModel => {
    const parsed = parseModelId(modelId, settings);
    switch (parsed.provider) {
      case 'compatible':
        compatible ??= createOpenAICompatible({
          name: 'openai-compatible',
          baseURL: settings.openaiBaseUrl ?? '',
          ...(settings.openaiApiKey ? { apiKey: settings.openaiApiKey } : {}),
          includeUsage: true,
          ...fetchOption,
        });
        return compatible.chatModel(parsed.name);
      case 'anthropic':
        if (!settings.anthropicApiKey) {
          throw new RlmError(
            'no_model',
            `The model "${modelId}" needs an Anthropic API key: set ANTHROPIC_API_KEY (or anthropicApiKey in the library).`,
          );
        }
        anthropic ??= createAnthropic({
          apiKey: settings.anthropicApiKey,
          ...(settings.anthropicBaseUrl ? { baseURL: settings.anthropicBaseUrl } : {}),
          ...fetchOption,
        });
        return anthropic(parsed.name);
      case 'openai':
        if (!settings.openaiApiKey) {
          throw new RlmError(
            'no_model',
            `The model "${modelId}" needs an OpenAI API key: set OPENAI_API_KEY, or point --base-url / OPENAI_BASE_URL at an OpenAI-compatible server (no key needed).`,
          );
        }
        openai ??= createOpenAI({ apiKey: settings.openaiApiKey, ...fetchOption });
        return openai(parsed.name);
    }
  };
}
