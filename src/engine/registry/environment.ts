import { PROVIDERS, type ProviderAccess, type ProviderId } from './providers.ts';
import type { ProviderSettings } from './resolver.ts';

/** An empty variable counts as unset. */
function read(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Every provider's key and endpoint as the registry's environment variables give them (pass the process environment). */
export function providerSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProviderSettings {
  const providers: Partial<Record<Exclude<ProviderId, 'compatible'>, ProviderAccess>> = {};
  const settings: ProviderSettings = { providers };
  for (const spec of PROVIDERS) {
    const apiKey = spec.apiKeyEnv.map((name) => read(env, name)).find((value) => value !== undefined);
    const baseUrl = read(env, spec.baseUrlEnv);
    if (spec.id === 'compatible') {
      if (apiKey) settings.apiKey = apiKey;
      if (baseUrl) settings.baseUrl = baseUrl;
    } else if (apiKey || baseUrl) {
      providers[spec.id] = { ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) };
    }
  }
  return settings;
}

/** The key values set in this environment: what redaction must hide. */
export function apiKeyValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return PROVIDERS.flatMap((spec) => spec.apiKeyEnv.map((name) => read(env, name))).filter(
    (value): value is string => value !== undefined,
  );
}
