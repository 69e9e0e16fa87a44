import type { LanguageModel, Tool } from 'ai';
import type { ReplSessionFactory } from './repl/index.ts';
import type { SandboxContext } from './sandbox/index.ts';

export type { SandboxContext as RlmContext } from './sandbox/index.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A question: plain text, or a chat conversation whose last user message is the question. */
export type RlmInput = string | ChatMessage[];

export type StopReason = 'final' | 'max_iterations' | 'max_errors' | 'budget' | 'timeout' | 'aborted' | 'error';

/** Token counts of one call or a sum of calls. `inputTokens` includes cached ones. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /**
   * Input tokens written to the provider's prompt cache (part of `inputTokens`), where the provider reports them:
   * Anthropic bills them above the plain input price. Absent when none were written.
   */
  cacheWriteTokens?: number;
}

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  /** Input tokens read from the provider's prompt cache; `input` when absent. */
  cachedInput?: number;
  /** Input tokens written to the prompt cache (Anthropic: 1.25 × input for its 5-minute cache); `input` when absent. */
  cacheWrite?: number;
  output: number;
}

export type PriceTable = Record<string, ModelPrice>;

/** Turns a model id (`openai:gpt-5-mini`, `anthropic:claude-…`, a bare name) into a model. */
export type ModelResolver = (modelId: string) => LanguageModel;

/** Runs a function when a concurrency slot is free (p-limit's shape). */
export interface CallLimiter {
  <T>(fn: () => Promise<T>): Promise<T>;
  readonly activeCount: number;
  readonly pendingCount: number;
}

export interface RetryPolicy {
  /** Retries after the first attempt. Default 4. */
  maxRetries: number;
  /** First backoff delay; doubles each retry, with jitter. Default 1,000 ms. */
  initialDelayMs: number;
  /** Longest wait between attempts, `Retry-After` included. Default 30,000 ms. */
  maxDelayMs: number;
}

export interface SandboxLimits {
  memoryLimitMb?: number;
  cpuTimeLimitMs?: number;
  wallTimeLimitMs?: number;
  outputLimitChars?: number;
  /** UTF-8 bytes one sub-call prompt may hold; checked in the sandbox before copying. Default 4 × the sub-model's context window (tokens). */
  maxPromptBytes?: number;
  /**
   * Where the isolates run: `process` (default) is a sandbox process of their own, which a crash, a runaway native
   * loop or a memory blow-up cannot take down with the host; `in-process` is this process (faster start, no wall).
   */
  isolation?: 'process' | 'in-process';
  /** UTF-8 bytes one llm_query_batched call may carry in all. Default 64 MiB (at least maxPromptBytes). */
  maxBatchBytes?: number;
}

export interface RlmConfig {
  /** Root model id. */
  model: string;
  /** Model for `llm_query` and child RLMs; defaults to the root model. */
  subModel?: string;
  resolveModel: ModelResolver;
  /** Root iterations per RLM (root and each child). Default 30. */
  maxIterations?: number;
  /** Stop (stopReason `max_errors`, after asking once for a best answer) after this many consecutive turns in which
   * every cell failed. Default: no limit. */
  maxErrors?: number;
  /** RLM levels: 1 means sub-calls are plain LM calls (the paper's setup); 3 allows grandchildren. Default 1. */
  maxDepth?: number;
  maxCostUsd?: number;
  /** Input + output tokens across the whole tree. */
  maxTokens?: number;
  /** `llm_query` / `rlm_query` calls across the whole tree (each batch item counts). */
  maxSubcalls?: number;
  /** Wall-clock limit for the whole run. */
  timeoutMs?: number;
  /** Model calls in flight at once, across all depths. Default 16. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Limit for one model call attempt, streamed or not. Default 3 minutes. A timed-out call is retried once. */
  callTimeoutMs?: number;
  /** Streamed calls: limit for the provider to start answering (headers and first event). Default 60 s (capped by
   * `callTimeoutMs`). Catches a server that accepts the request and then stays silent. */
  firstByteTimeoutMs?: number;
  /** Reuse the answer of an identical (model, prompt, settings) sub-call within a run. Default true. */
  memoize?: boolean;
  /** Overrides and additions to the model registry's prices (keys: model ids or prefixes). */
  prices?: PriceTable;
  /** Overrides and additions to the model registry's input windows, in tokens (keys: model ids or prefixes). */
  contextWindows?: Record<string, number>;
  /** Characters one sub-call reads well, told to the root so it sizes its prompts. Default: from the sub-model's
   * context window in the model registry (half the window at ~4 characters per token), at most 100,000. */
  subModelContextChars?: number;
  /** Replaces the default instructions of every RLM of the run. The REPL reference (how cells run, every function,
   * how to finish) is still appended unless `replReference` is false. */
  systemPrompt?: string;
  /** With `systemPrompt`: false sends it exactly as written, without the REPL reference. Default true. */
  replReference?: boolean;
  /** Appended to the instructions (default or replaced) of every RLM of the run. */
  instructions?: string;
  /** Stream model responses (Chat Completions with usage). Default true. */
  stream?: boolean;
  /** Per-call settings passed to the provider. */
  temperature?: number;
  maxOutputTokens?: number;
  sandbox?: SandboxLimits;
  /** Caller tools (AI SDK `tool()`s with `execute`): each becomes an async function of one argument in the REPL. */
  tools?: Record<string, Tool>;
  /** Tools of child RLMs (`rlm_query`): `'inherit'` (default) gives them the same tools, `'none'` none, or a set. */
  subTools?: 'inherit' | 'none' | Record<string, Tool>;
  /** The root model's context window in tokens. Default: the model registry's value, else 128,000. */
  rootContextWindow?: number;
  /** Fraction of the root's window a request may reach before earlier turns are compacted. Default 0.85. */
  compactionThreshold?: number;
  /** Starts the REPL each RLM runs its cells in (default: isolated-vm isolates in a sandbox process, see sandbox.isolation). */
  createReplSession?: ReplSessionFactory;
  /** False removes llm_query / llm_query_batched / rlm_query: the paper's "REPL, no sub-calls" ablation. Default true. */
  subcalls?: boolean;
  /** A concurrency gate shared with other runs (e.g. benchmark tasks running side by side); see createCallLimiter. */
  callLimiter?: CallLimiter;
  /** Injected for tests and replays. */
  now?: () => number;
  generateId?: () => string;
}

export interface CompletionOptions {
  context?: SandboxContext;
  signal?: AbortSignal;
}

export interface UsageBreakdown {
  total: Usage;
  costUsd: number | null;
  byDepth: Record<number, { usage: Usage; costUsd: number | null; calls: number }>;
  byModel: Record<string, { usage: Usage; costUsd: number | null; calls: number }>;
}
