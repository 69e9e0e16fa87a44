import { RlmError } from '../errors.ts';
import { PROVIDERS, providerSpec, type ProviderId } from './providers.ts';

export interface ParsedModelId {
  provider: ProviderId;
  /** The name the provider knows the model by. */
  name: string;
}

/**
 * `provider:name` picks a provider from the registry. Any other id is a bare name (Ollama's `llama3.1:8b`
 * included): it goes to the OpenAI-compatible server when one is configured, otherwise to the provider whose
 * models it looks like (`claude-…` Anthropic, `gemini-…` Google), otherwise to OpenAI.
 */
export function parseModelId(modelId: string, options: { baseUrl?: string | undefined } = {}): ParsedModelId {
  const colon = modelId.indexOf(':');
  const prefixed = colon > 0 ? PROVIDERS.find((provider) => provider.prefix === modelId.slice(0, colon)) : undefined;
  const name = prefixed ? modelId.slice(colon + 1) : modelId;
  if (!name.trim()) throw new RlmError('invalid_config', `The model id "${modelId}" has no model name`);
  if (prefixed) return { provider: prefixed.id, name };
  if (options.baseUrl) return { provider: 'compatible', name };
  const lookalike = PROVIDERS.find((provider) => provider.bareNamePrefixes.some((prefix) => name.startsWith(prefix)));
  return { provider: lookalike?.id ?? providerSpec('openai').id, name };
}
