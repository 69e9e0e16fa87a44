// The public entry (`import … from 'rlm'`): what library users build on. Its declarations ship in dist/types;
// docs/library.md documents every function exported here. The UI and CLI use ./internal.ts instead.
export { createRlm, DEFAULTS, type Rlm } from './create-rlm.ts';
export type { RlmResult, RlmRun } from './run/rlm-run.ts';
export type {
  AskOptions,
  RlmSession,
  SessionOptions,
  SessionQuestionUsage,
  SessionUsage,
} from './session/rlm-session.ts';
export type { HistoryEntry } from './loop/node-spec.ts';
export { createReplayTools } from './tools/replay-tools.ts';
export type { PromptPreview, PromptPreviewOptions } from './run/preview-prompt.ts';
export type { RlmEventListener } from './run/emitter.ts';
export type {
  RlmEvent,
  RlmEventOf,
  RlmEventType,
  EventBase,
  ContextSummary,
  BudgetKind,
  LlmCallPurpose,
} from './events.ts';
export type {
  ChatMessage,
  CompletionOptions,
  ModelPrice,
  ModelResolver,
  PriceTable,
  CallLimiter,
  RetryPolicy,
  RlmConfig,
  RlmContext,
  RlmInput,
  SandboxLimits,
  StopReason,
  Usage,
  UsageBreakdown,
} from './types.ts';
export type {
  CellError,
  CellErrorKind,
  CellResult,
  ContextDocument,
  HostCallback,
  HostCallInfo,
  HostFunction,
  VariableSummary,
} from './sandbox/types.ts';
export { RlmError, isRlmError, type RlmErrorCode } from './errors.ts';
export { addCost, addUsage, costOf, ZERO_USAGE } from './usage/usage.ts';
export {
  PROVIDERS,
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_PRICES,
  KNOWN_MODELS,
  apiKeyEnvNames,
  apiKeyValues,
  createProviderResolver,
  findModelInfo,
  parseModelId,
  providerSettingsFromEnv,
  providerSpec,
  type FigureSource,
  type KnownModel,
  type ModelInfo,
  type ModelOverrides,
  type ParsedModelId,
  type ProviderAccess,
  type ProviderId,
  type ProviderResolver,
  type ProviderSettings,
  type ProviderSpec,
  type ProviderWire,
} from './registry/index.ts';
export {
  createReplayResolver,
  type ReplayMode,
  type ReplayOptions,
  type ReplayResolver,
} from './replay/replay-models.ts';
export { LOG_SCHEMA, parseLog, type LogHeader, type LogProblem, type ParsedLog } from './trajectory/log-format.ts';
export { summarizeTrajectory, type QuestionSummary, type TrajectorySummary } from './trajectory/index.ts';
export { createCallLimiter } from './model/scheduler.ts';
export {
  createIsolateSession,
  createProcessSessionFactory,
  JAVASCRIPT,
  type ProcessSessionOptions,
} from './repl/index.ts';
export type {
  ReplLanguage,
  ReplLimits,
  ReplSession,
  ReplSessionFactory,
  ReplSessionOptions,
  RunCellOptions,
} from './repl/index.ts';
export {
  createRlmProvider,
  type RlmProvider,
  type RlmProviderMetadata,
  type RlmProviderSettings,
} from './ai-sdk/rlm-provider.ts';
export type { RlmCallOptions } from './ai-sdk/prompt-input.ts';
