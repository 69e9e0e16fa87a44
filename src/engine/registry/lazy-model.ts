import type { LanguageModelV4 } from '@ai-sdk/provider';

/**
 * A model whose provider package is imported on its first request, not when the id is resolved: a run loads only
 * the SDK of the providers it actually calls (each costs tens of milliseconds of start-up and memory).
 */
export function lazyLanguageModel(
  provider: string,
  modelId: string,
  load: () => Promise<LanguageModelV4>,
): LanguageModelV4 {
  let loading: Promise<LanguageModelV4> | undefined;
  const model = () => (loading ??= load());
  return {
    specificationVersion: 'v4',
    provider,
    modelId,
    get supportedUrls() {
      return model().then((inner) => inner.supportedUrls);
    },
    doGenerate: async (options) => (await model()).doGenerate(options),
    doStream: async (options) => (await model()).doStream(options),
  };
}
