import type { ContextSummary, StopReason, Usage } from '../../engine/index.ts';

/** What a cell did, in the paper's vocabulary, so strategies are visible at a glance. */
export type CellLabel = 'peek' | 'grep' | 'map' | 'sub-call' | 'recurse' | 'finish' | 'compute';

export type CallStatus = 'running' | 'done' | 'failed';

/** Where a model call is: waiting for a concurrency slot, sent, waiting to retry, or over. */
export type CallPhase = 'queued' | 'sent' | 'retrying' | 'ended';

export interface RetryView {
  callId: string;
  attempt: number;
  delayMs: number;
  reason: string;
  /** When the retry was scheduled (event time). */
  ts: number;
}

export interface SubcallView {
  id: string;
  rlmId: string;
  kind: 'llm_query' | 'rlm_query';
  mode: 'llm' | 'rlm';
  model: string;
  prompt: string;
  depth: number;
  iteration: number;
  blockIndex: number;
  batchId: string | null;
  status: CallStatus;
  /** The phase of this llm_query's model call; null before it is asked for (and for rlm_query). */
  callPhase: CallPhase | null;
  startedAt: number;
  /** For llm_query: the request's own time (from its first send), queueing excluded; null if it was never sent. */
  latencyMs: number | null;
  retries: number;
  cached: boolean;
  /** This call's tokens; for an rlm_query, everything its child RLM (and that one's children) used. */
  usage: Usage;
  costUsd: number | null;
  response: string | null;
  error: string | null;
  /** The child RLM this rlm_query started (mode `rlm`). */
  childRlmId: string | null;
}

export interface CellView {
  index: number;
  code: string;
  language: string;
  /** Labels read from the code; `labels` adds what the cell's sub-calls showed. */
  codeLabels: CellLabel[];
  labels: CellLabel[];
  status: 'running' | 'ok' | 'error';
  output: string | null;
  omittedChars: number;
  errorMessage: string | null;
  /** Stopped because the run was cancelled (its sandbox restart is part of cancelling, not news). */
  cancelled: boolean;
  sessionReset: boolean;
  durationMs: number | null;
  /** Sub-calls made by this cell, in start order; batches are grouped by `batchIds`. */
  subcallIds: string[];
  batchIds: string[];
}

export interface IterationView {
  rlmId: string;
  iteration: number;
  /** The root model's reply, streamed in as it arrives. */
  reply: string;
  cells: CellView[];
  done: boolean;
  usage: Usage;
  costUsd: number | null;
}

/** One RLM of the tree: the root (`r0`) or a child started by rlm_query. */
export interface RlmView {
  rlmId: string;
  depth: number;
  parentSubcallId: string | null;
  iterations: IterationView[];
  answer: string | null;
}

export interface RunView {
  runId: string | null;
  question: string;
  model: string;
  subModel: string;
  context: ContextSummary | null;
  limits: {
    maxIterations: number;
    maxDepth: number;
    maxCostUsd: number | null;
    maxTokens: number | null;
    maxSubcalls: number | null;
    timeoutMs: number | null;
    concurrency: number;
  } | null;
  startedAt: number | null;
  /** Latest event time: the UI's clock, so replays and tests render deterministically. */
  now: number;
  rlms: Record<string, RlmView>;
  subcalls: Record<string, SubcallView>;
  /** Batch id → sub-call ids, in batch order. */
  batches: Record<string, string[]>;
  /** Root-model call id → the RLM iteration it belongs to (a sub-call's calls are found by their parent id). */
  callOwners: Record<string, { subcallId: string | null; rlmId: string; iteration: number; phase: CallPhase }>;
  usage: Usage;
  costUsd: number | null;
  /** Model calls started and not yet ended, those still waiting for a concurrency slot included. */
  callsInFlight: number;
  /** Of those, the ones waiting for a concurrency slot (never sent yet). */
  callsQueued: number;
  /** Of those, the ones waiting to retry after a failed attempt. */
  callsRetrying: number;
  /** The latest retry scheduled, while any call waits to retry. */
  lastRetry: RetryView | null;
  maxDepthSeen: number;
  warnings: string[];
  answer: string | null;
  stopReason: StopReason | null;
  error: { code: string; message: string } | null;
  durationMs: number | null;
}

export const EMPTY_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };

export function initialRunView(): RunView {
  return {
    runId: null,
    question: '',
    model: '',
    subModel: '',
    context: null,
    limits: null,
    startedAt: null,
    now: 0,
    rlms: {},
    subcalls: {},
    batches: {},
    callOwners: {},
    usage: EMPTY_USAGE,
    costUsd: 0,
    callsInFlight: 0,
    callsQueued: 0,
    callsRetrying: 0,
    lastRetry: null,
    maxDepthSeen: 0,
    warnings: [],
    answer: null,
    stopReason: null,
    error: null,
    durationMs: null,
  };
}
