import type { ModelGateway } from '../model/model-gateway.ts';
import type { SubcallBounds } from '../loop/subcall-bounds.ts';
import type { ReplSessionFactory } from '../repl/repl-session.ts';
import type { Tool } from 'ai';
import type { SandboxLimits } from '../types.ts';
import type { UsageLedger } from '../usage/usage.ts';
import type { Budget } from './budget.ts';
import type { EventHub } from './emitter.ts';

/** Settings of a run with every default filled in. */
export interface ResolvedSettings {
  model: string;
  subModel: string;
  maxIterations: number;
  /** Consecutive all-cells-failed turns before the run stops; null: no limit. */
  maxErrors: number | null;
  maxDepth: number;
  memoize: boolean;
  /** Characters one sub-call reads well, told to the root (from the sub-model's window unless configured). */
  subcallCapacityChars: number;
  /** Replaces the default instructions (the REPL reference is still appended unless `replReference` is false). */
  systemPrompt: string | null;
  replReference: boolean;
  /** Appended to every RLM's instructions. */
  instructions: string | null;
  /** What may cross from the sandbox per sub-call prompt and per batch. */
  subcallBounds: SubcallBounds;
  /** False: no llm_query / rlm_query / rlm_query_batched (ablation). */
  subcalls: boolean;
  sandbox: SandboxLimits;
  /** Starts the REPL each RLM of the tree runs its cells in. */
  createReplSession: ReplSessionFactory;
  /** Caller tools of the root RLM. */
  tools: Record<string, Tool>;
  subTools: 'inherit' | 'none' | Record<string, Tool>;
  /** The context window of a model an RLM runs as its root (the root model, or the sub-model for children). */
  contextWindowOf: (modelId: string) => number;
  /** Fraction of the window a root request may reach before earlier turns are compacted. */
  compactionThreshold: number;
}

/** What every RLM of one run tree shares: one scheduler (inside the gateway), one budget, one event log. */
export interface RunContext {
  settings: ResolvedSettings;
  hub: EventHub;
  gateway: ModelGateway;
  budget: Budget;
  ledger: UsageLedger;
  /** Aborted when the caller aborts or the run times out: everything stops at once. */
  runSignal: AbortSignal;
  /** Also aborted when a budget runs out: sub-calls stop, but the root may still be asked for its answer. */
  workSignal: AbortSignal;
  nextId: (prefix: string) => string;
}
