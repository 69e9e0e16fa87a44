// The part of the internal entry that loads neither the AI SDK nor isolated-vm: what `rlm --help`, `rlm runs`,
// `rlm models` and config loading need, so they start fast.
export { isRlmError, RlmError, type RlmErrorCode } from './errors.ts';
export { apiKeyValues, providerSettingsFromEnv } from './registry/environment.ts';
export { parseModelId, type ParsedModelId } from './registry/model-id.ts';
export { findModelInfo, type FigureSource, type ModelInfo, type ModelOverrides } from './registry/model-info.ts';
export { DEFAULT_CONTEXT_WINDOW, KNOWN_MODELS } from './registry/models.ts';
export { apiKeyEnvNames, PROVIDERS, providerSpec, type ProviderId, type ProviderSpec } from './registry/providers.ts';
export type { ProviderSettings } from './registry/resolver.ts';
export { formatCount } from './format-count.ts';
