import type { LanguageModelV4 } from '@ai-sdk/provider';
import { lazyLanguageModel } from './lazy-model.ts';
import type { ProviderAccess, ProviderId } from './providers.ts';

type FactoryInput = ProviderAccess & { fetch?: typeof globalThis.fetch | undefined };
/** Builds the AI SDK provider once; the returned function makes one model per name. */
type ProviderFactory = (input: FactoryInput) => (name: string) => LanguageModelV4;
type ProviderLoader = (input: FactoryInput) => Promise<(name: string) => LanguageModelV4>;

/** Imports the provider's package on the first request of one of its models (see lazy-model.ts). */
function lazy(provider: string, loader: ProviderLoader): ProviderFactory {
  return (input) => {
    let created: Promise<(name: string) => LanguageModelV4> | undefined;
    return (name) => lazyLanguageModel(provider, name, async () => (await (created ??= loader(input)))(name));
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** Chat Completions, the API every OpenAI-compatible server speaks; usage is only reported when asked for. */
function compatible(name: string): ProviderFactory {
  return lazy(`${name}.chat`, async ({ apiKey, baseUrl, fetch }) => {
    const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
    const provider = createOpenAICompatible({
      name,
      baseURL: baseUrl ?? '',
      ...optional('apiKey', apiKey),
      includeUsage: true,
      ...optional('fetch', fetch),
    });
    return (model) => provider.chatModel(model);
  });
}

/** How each provider of the table in providers.ts is created (base URLs are always passed: no SDK reads env). */
export const PROVIDER_FACTORIES: Readonly<Record<ProviderId, ProviderFactory>> = {
  openai: lazy('openai.responses', async ({ apiKey, baseUrl, fetch }) => {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const provider = createOpenAI({ ...optional('apiKey', apiKey), baseURL: baseUrl, ...optional('fetch', fetch) });
    return (name) => provider.responses(name);
  }),
  anthropic: lazy('anthropic.messages', async ({ apiKey, baseUrl, fetch }) => {
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    const provider = createAnthropic({ ...optional('apiKey', apiKey), baseURL: baseUrl, ...optional('fetch', fetch) });
    return (name) => provider.messages(name);
  }),
  google: lazy('google.generative-ai', async ({ apiKey, baseUrl, fetch }) => {
    const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
    const provider = createGoogleGenerativeAI({
      ...optional('apiKey', apiKey),
      baseURL: baseUrl,
      ...optional('fetch', fetch),
    });
    return (name) => provider.chat(name);
  }),
  openrouter: compatible('openrouter'),
  compatible: compatible('openai-compatible'),
};
