// The provider table: plain data, cheap to import (no AI SDK), so config loading and `rlm runs` stay light.
export type ProviderId = 'openai' | 'anthropic' | 'google' | 'openrouter' | 'compatible';

/** The wire format a provider speaks (the scripted server implements each). */
export type ProviderWire = 'responses' | 'chat' | 'anthropic' | 'google';

/** What creating a provider needs: a key, an endpoint, and optionally a custom fetch. */
export interface ProviderAccess {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
}

export interface ProviderSpec {
  id: ProviderId;
  /** Display name. */
  label: string;
  /** `openai` in `openai:gpt-5`. */
  prefix: string;
  wire: ProviderWire;
  /** Environment variables holding the key, first set one wins. */
  apiKeyEnv: readonly string[];
  /** Environment variable overriding the endpoint (gateways, proxies, local servers). */
  baseUrlEnv: string;
  /** The public endpoint; `null` when there is none (a self-hosted server must be configured). */
  defaultBaseUrl: string | null;
  /** A run cannot start without a key (a self-hosted server usually needs none). */
  keyRequired: boolean;
  /** Bare model names starting with one of these belong to this provider. */
  bareNamePrefixes: readonly string[];
  /** A model to suggest in help texts. */
  exampleModel: string;
}

/**
 * Every provider rlm knows, in the order help texts list them. Model-id parsing, the CLI's access check, config
 * loading, secret redaction and `rlm models` all read this table; how each is created lives in
 * create-provider.ts (keyed by the same ids, so the AI SDK loads only where models are made). Adding a provider
 * is one entry here and one factory there.
 */
export const PROVIDERS: readonly ProviderSpec[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    prefix: 'openai',
    wire: 'responses',
    apiKeyEnv: ['OPENAI_API_KEY'],
    baseUrlEnv: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    keyRequired: true,
    bareNamePrefixes: ['gpt-', 'o1', 'o3', 'o4', 'chatgpt-'],
    exampleModel: 'openai:gpt-5-mini',
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    prefix: 'anthropic',
    wire: 'anthropic',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com/v1',
    keyRequired: true,
    bareNamePrefixes: ['claude-'],
    exampleModel: 'anthropic:claude-sonnet-4-5',
  },
  {
    id: 'google',
    label: 'Google',
    prefix: 'google',
    wire: 'google',
    apiKeyEnv: ['GOOGLE_GENERATIVE_AI_API_KEY', 'GEMINI_API_KEY'],
    baseUrlEnv: 'GOOGLE_BASE_URL',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    keyRequired: true,
    bareNamePrefixes: ['gemini-'],
    exampleModel: 'google:gemini-2.5-flash',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    prefix: 'openrouter',
    wire: 'chat',
    apiKeyEnv: ['OPENROUTER_API_KEY'],
    baseUrlEnv: 'OPENROUTER_BASE_URL',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    keyRequired: true,
    bareNamePrefixes: [],
    exampleModel: 'openrouter:anthropic/claude-sonnet-4.5',
  },
  {
    id: 'compatible',
    label: 'OpenAI-compatible server',
    prefix: 'compatible',
    wire: 'chat',
    // A gateway in front of OpenAI often takes the OpenAI key; a local server usually needs none.
    apiKeyEnv: ['RLM_API_KEY', 'OPENAI_API_KEY'],
    baseUrlEnv: 'RLM_BASE_URL',
    defaultBaseUrl: null,
    keyRequired: false,
    bareNamePrefixes: [],
    exampleModel: 'llama3.1',
  },
];

export function providerSpec(id: ProviderId): ProviderSpec {
  const spec = PROVIDERS.find((provider) => provider.id === id);
  if (!spec) throw new Error(`unknown provider ${id}`);
  return spec;
}

/** Every environment variable that holds a key: what secret redaction and config validation look for. */
export function apiKeyEnvNames(): string[] {
  return [...new Set(PROVIDERS.flatMap((provider) => provider.apiKeyEnv))];
}
