import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ProviderAccess, ProviderId } from './providers.ts';

type FactoryInput = ProviderAccess & { fetch?: typeof globalThis.fetch | undefined };
/** Builds the AI SDK provider once; the returned function makes one model per name. */
type ProviderFactory = (input: FactoryInput) => (name: string) => LanguageModel;

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** Chat Completions, the API every OpenAI-compatible server speaks; usage is only reported when asked for. */
function compatible(name: string): ProviderFactory {
  return ({ apiKey, baseUrl, fetch }) => {
    const provider = createOpenAICompatible({
      name,
      baseURL: baseUrl ?? '',
      ...optional('apiKey', apiKey),
      includeUsage: true,
      ...optional('fetch', fetch),
    });
    return (model) => provider.chatModel(model);
  };
}

/** How each provider of the table in providers.ts is created (base URLs are always passed: no SDK reads env). */
export const PROVIDER_FACTORIES: Readonly<Record<ProviderId, ProviderFactory>> = {
  openai: ({ apiKey, baseUrl, fetch }) => {
    const provider = createOpenAI({ ...optional('apiKey', apiKey), baseURL: baseUrl, ...optional('fetch', fetch) });
    return (name) => provider.responses(name);
  },
  anthropic: ({ apiKey, baseUrl, fetch }) => {
    const provider = createAnthropic({ ...optional('apiKey', apiKey), baseURL: baseUrl, ...optional('fetch', fetch) });
    return (name) => provider.messages(name);
  },
  google: ({ apiKey, baseUrl, fetch }) => {
    const provider = createGoogleGenerativeAI({
      ...optional('apiKey', apiKey),
      baseURL: baseUrl,
      ...optional('fetch', fetch),
    });
    return (name) => provider.chat(name);
  },
  openrouter: compatible('openrouter'),
  compatible: compatible('openai-compatible'),
};
