// One place that knows providers and models: prefixes, keys, endpoints, creation, windows, prices.
export {
  PROVIDERS,
  apiKeyEnvNames,
  providerSpec,
  type ProviderAccess,
  type ProviderId,
  type ProviderSpec,
  type ProviderWire,
} from './providers.ts';
export { parseModelId, type ParsedModelId } from './model-id.ts';
export { createProviderResolver, providerAccess, type ProviderResolver, type ProviderSettings } from './resolver.ts';
export { apiKeyValues, providerSettingsFromEnv } from './environment.ts';
export { DEFAULT_CONTEXT_WINDOW, KNOWN_MODELS, type KnownModel } from './models.ts';
export { DEFAULT_PRICES, findModelInfo, type FigureSource, type ModelInfo, type ModelOverrides } from './model-info.ts';
