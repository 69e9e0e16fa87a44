// The part of the internal entry the live view folds events with: the trajectory index and what it needs. It loads
// neither the AI SDK, zod nor isolated-vm, so the view's worker thread (src/ui/live-view) starts light.
export * from './trajectory/index.ts';
export { ZERO_USAGE } from './usage/usage.ts';
export type { ContextSummary, RlmEvent, RlmEventOf, RlmEventType } from './events.ts';
export type { StopReason } from './types.ts';
