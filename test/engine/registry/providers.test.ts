import { describe, expect, it } from 'vitest';
import {
  apiKeyEnvNames,
  apiKeyValues,
  createProviderResolver,
  parseModelId,
  providerSettingsFromEnv,
  PROVIDERS,
} from '../../../src/engine/index.ts';

describe('the provider registry', () => {
  it('every provider has a distinct prefix, key variable and endpoint variable', () => {
    expect(PROVIDERS.map((p) => p.id)).toEqual(['openai', 'anthropic', 'google', 'openrouter', 'compatible']);
    expect(new Set(PROVIDERS.map((p) => p.prefix)).size).toBe(PROVIDERS.length);
    expect(new Set(PROVIDERS.map((p) => p.baseUrlEnv)).size).toBe(PROVIDERS.length);
    expect(apiKeyEnvNames()).toEqual([
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'GOOGLE_GENERATIVE_AI_API_KEY',
      'GEMINI_API_KEY',
      'OPENROUTER_API_KEY',
      'RLM_API_KEY',
    ]);
  });

  it('parses provider:name ids; bare names go to the compatible server when one is set', () => {
    expect(parseModelId('openai:gpt-5')).toEqual({ provider: 'openai', name: 'gpt-5' });
    expect(parseModelId('anthropic:claude-sonnet-4-5')).toEqual({ provider: 'anthropic', name: 'claude-sonnet-4-5' });
    expect(parseModelId('google:gemini-2.5-pro')).toEqual({ provider: 'google', name: 'gemini-2.5-pro' });
    expect(parseModelId('openrouter:meta-llama/llama-3.1-70b')).toEqual({
      provider: 'openrouter',
      name: 'meta-llama/llama-3.1-70b',
    });
    expect(parseModelId('compatible:qwen3')).toEqual({ provider: 'compatible', name: 'qwen3' });
    // Bare names: by look without a server, to the server with one (an Ollama tag's colon is part of the name).
    expect(parseModelId('claude-haiku-4-5').provider).toBe('anthropic');
    expect(parseModelId('gemini-2.5-flash').provider).toBe('google');
    expect(parseModelId('gpt-5-mini').provider).toBe('openai');
    expect(parseModelId('llama3.1:8b', { baseUrl: 'http://127.0.0.1:11434/v1' })).toEqual({
      provider: 'compatible',
      name: 'llama3.1:8b',
    });
    expect(parseModelId('openai:gpt-5', { baseUrl: 'http://127.0.0.1:1/v1' }).provider).toBe('openai');
    expect(() => parseModelId('openai:')).toThrow(/has no model name/);
  });

  it('reads keys and endpoints from the environment variables the table names; empty counts as unset', () => {
    const env = {
      OPENAI_API_KEY: 'sk-openai-1234',
      OPENAI_BASE_URL: 'https://gateway.example/v1',
      ANTHROPIC_API_KEY: ' ',
      GEMINI_API_KEY: 'gem-key-5678',
      OPENROUTER_API_KEY: 'or-key-9012',
      RLM_BASE_URL: 'http://127.0.0.1:8000/v1',
    };
    expect(providerSettingsFromEnv(env)).toEqual({
      // The compatible server may take the OpenAI key (gateways do).
      apiKey: 'sk-openai-1234',
      baseUrl: 'http://127.0.0.1:8000/v1',
      providers: {
        openai: { apiKey: 'sk-openai-1234', baseUrl: 'https://gateway.example/v1' },
        google: { apiKey: 'gem-key-5678' },
        openrouter: { apiKey: 'or-key-9012' },
      },
    });
    expect(apiKeyValues(env)).toEqual(['sk-openai-1234', 'gem-key-5678', 'or-key-9012', 'sk-openai-1234']);
  });

  it('a missing key fails with no_model naming the library option, not a CLI flag', () => {
    const resolve = createProviderResolver({});
    for (const [id, option] of [
      ['openai:gpt-5', 'providers.openai.apiKey'],
      ['anthropic:claude-sonnet-4-5', 'providers.anthropic.apiKey'],
      ['google:gemini-2.5-pro', 'providers.google.apiKey'],
      ['openrouter:x/y', 'providers.openrouter.apiKey'],
    ] as const) {
      expect(() => resolve(id)).toThrow(
        expect.objectContaining({ code: 'no_model', message: expect.stringContaining(option) }),
      );
      expect(() => resolve(id)).not.toThrow(/--/);
    }
    expect(() => resolve('compatible:qwen3')).toThrow(/set baseUrl/);
    expect(createProviderResolver({ baseUrl: 'http://127.0.0.1:1/v1' })('qwen3')).toMatchObject({
      modelId: 'qwen3',
    });
  });
});
