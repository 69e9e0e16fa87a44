import type { LanguageModelV4 } from '@ai-sdk/provider';
import { RlmError } from '../errors.ts';
import { parseModelId } from './model-id.ts';
import { PROVIDER_FACTORIES } from './create-provider.ts';
import { providerSpec, type ProviderAccess, type ProviderId } from './providers.ts';

/** Credentials and endpoints, passed in by the caller: the engine never reads the environment. */
export interface ProviderSettings {
  /**
   * An OpenAI-compatible server (vLLM, Ollama, LM Studio, llama.cpp, a gateway), spoken to over Chat Completions.
   * Model ids without a provider prefix, and `compatible:` ids, go there.
   */
  baseUrl?: string | undefined;
  /** The compatible server's key, when it needs one. */
  apiKey?: string | undefined;
  /** Keys and endpoint overrides (gateways, proxies) of the named providers. */
  providers?: Partial<Record<Exclude<ProviderId, 'compatible'>, ProviderAccess>> | undefined;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch | undefined;
}

/** The key and endpoint a provider gets from these settings (its public endpoint unless overridden). */
export function providerAccess(settings: ProviderSettings, id: ProviderId): ProviderAccess {
  const given = id === 'compatible' ? { apiKey: settings.apiKey, baseUrl: settings.baseUrl } : settings.providers?.[id];
  return {
    apiKey: given?.apiKey || undefined,
    baseUrl: given?.baseUrl || providerSpec(id).defaultBaseUrl || undefined,
  };
}

/** A `ModelResolver` whose models are always AI SDK model objects (never plain id strings). */
export type ProviderResolver = (modelId: string) => LanguageModelV4;

/** Resolves model ids to AI SDK models; fails with `no_model`, naming the missing option, when a key is missing. */
export function createProviderResolver(settings: ProviderSettings = {}): ProviderResolver {
  const created = new Map<ProviderId, (name: string) => LanguageModelV4>();
  return (modelId: string): LanguageModelV4 => {
    const parsed = parseModelId(modelId, settings);
    const spec = providerSpec(parsed.provider);
    const access = providerAccess(settings, spec.id);
    const option = spec.id === 'compatible' ? '' : `providers.${spec.id}.`;
    if (!access.baseUrl)
      throw new RlmError('no_model', `The model "${modelId}" needs an OpenAI-compatible server: set ${option}baseUrl`);
    if (spec.keyRequired && !access.apiKey)
      throw new RlmError(
        'no_model',
        `The model "${modelId}" needs ${spec.label === 'OpenAI' ? 'an' : 'a'} ${spec.label} API key: set ${option}apiKey (providerSettingsFromEnv reads ${spec.apiKeyEnv.join(' or ')})`,
      );
    let create = created.get(spec.id);
    if (!create) {
      create = PROVIDER_FACTORIES[spec.id]({ ...access, fetch: settings.fetch });
      created.set(spec.id, create);
    }
    return create(parsed.name);
  };
}
