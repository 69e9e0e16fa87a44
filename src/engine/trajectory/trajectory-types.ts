import type { ContextSummary, LlmCallPurpose, RlmEventOf } from '../events.ts';
import type { CellError, VariableSummary } from '../sandbox/index.ts';
import type { ChatMessage, StopReason, Usage } from '../types.ts';

/** What a cell did, in the paper's vocabulary, so strategies are visible at a glance. */
export type CellLabel = 'peek' | 'grep' | 'map' | 'sub-call' | 'recurse' | 'finish' | 'compute';

export type CallStatus = 'running' | 'done' | 'failed';

/**
 * Where a model call is: waiting for a concurrency slot, sent (a request in flight), waiting to retry, or over
 * (`end.ok` says how). Logs written before `llm_call_sent` existed go straight from queued to ended.
 */
export type CallPhase = 'queued' | 'sent' | 'retrying' | 'ended';

export interface RetryView {
  callId: string;
  attempt: number;
  delayMs: number;
  reason: string;
  /** When the retry was scheduled (event time). */
  ts: number;
}

/** One model call: the request as recorded, where it stands, and its result once it ended. */
export interface LlmCallNode {
  /** Its key in `TrajectoryIndex.calls` (the logged id, prefixed in a session's later questions). */
  key: string;
  callId: string;
  /** Key of the RLM that made it (a sub-call's model call belongs to the RLM whose cell made the sub-call). */
  rlmId: string;
  /** The sub-call this call carries out (purpose `sub`), else null. */
  subcallId: string | null;
  /** Key of the event's `parentId` (the sub-call that started this call or its RLM), null at the root. */
  parentKey: string | null;
  depth: number;
  model: string;
  purpose: LlmCallPurpose;
  /** The iteration of its RLM it belongs to (root, final-answer and compaction calls); null for sub-calls. */
  iteration: number | null;
  phase: CallPhase;
  /** The attempt now (or last) sent, 0 first; -1 before any. */
  attempt: number;
  retries: number;
  lastRetry: { attempt: number; delayMs: number; reason: string } | null;
  queuedAt: number;
  sentAt: number | null;
  /** Key of the earlier call whose whole request this one extends (`llm_call_start.extendsCallId`). */
  extendsCallId: string | null;
  /** The start event as logged: in `rlm.trajectory/2` its messages may be only those added (see `requestOf`). */
  start: RlmEventOf<'llm_call_start'>;
  end: RlmEventOf<'llm_call_end'> | null;
}

export interface ToolCallNode {
  toolCallId: string;
  rlmId: string;
  name: string;
  input: unknown;
  iteration: number;
  blockIndex: number;
  status: CallStatus;
  output: unknown;
  error: string | null;
  durationMs: number | null;
}

export interface SubcallNode {
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
  batchIndex: number | null;
  status: CallStatus;
  /**
   * The phase of this llm_query's model call once it was sent, retried or ended; null before (it is then
   * queued: the call is asked for right after the sub-call starts) and for an rlm_query.
   */
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
  /**
   * Keys of the model calls that carried it out (a plain `llm_query`; a memo hit still has one), linked once a
   * call is sent or ends: a sub-call's start only queues, and touching the record then would slow big batches.
   */
  callIds: string[];
}

export interface CellNode {
  index: number;
  code: string;
  language: string;
  /** Labels read from the code; `labels` adds what the cell's sub-calls showed. */
  codeLabels: CellLabel[];
  labels: CellLabel[];
  status: 'running' | 'ok' | 'error';
  /** What the model saw (truncated head + tail; all of it for a cancelled cell); `result.output` is the full capture. */
  output: string | null;
  omittedChars: number;
  errorMessage: string | null;
  error: CellError | null;
  /** Stopped because the run was cancelled (its sandbox restart is part of cancelling, not news). */
  cancelled: boolean;
  sessionReset: boolean;
  durationMs: number | null;
  /** Sub-calls made by this cell, in start order; batches are grouped by `batchIds`. */
  subcallIds: string[];
  batchIds: string[];
  toolCallIds: string[];
  result: RlmEventOf<'repl_output'> | null;
}

export interface IterationNode {
  rlmId: string;
  iteration: number;
  /** The root model's reply, streamed in as it arrives, then its final text. */
  reply: string;
  cells: CellNode[];
  done: boolean;
  usage: Usage;
  costUsd: number | null;
  /** The RLM's own model calls made in this iteration (root, then final-answer or compaction), in order. */
  callIds: string[];
  startedAt: number;
  endedAt: number | null;
  /** The FINAL reached in this iteration (or the forced answer after the last one). */
  final: { answer: string; source: 'code' | 'text' | 'forced' } | null;
  /** The variables after the turn, as the model was shown them; null when the log does not say. */
  variables: VariableSummary[] | null;
  compactions: Array<Omit<RlmEventOf<'compaction'>, 'type' | 'runId' | 'rlmId' | 'parentId' | 'depth'>>;
}

/** One RLM of the tree: a question's root (`r0`) or a child started by rlm_query. */
export interface RlmNode {
  rlmId: string;
  depth: number;
  parentSubcallId: string | null;
  /** Position of its question in the log, from 0 (a single run has only 0). */
  question: number;
  iterations: IterationNode[];
  answer: string | null;
  error: { code: string; message: string } | null;
}

/** One depth-0 run: a plain run, or one question of a session. */
export interface QuestionNode {
  runId: string;
  sessionId: string | null;
  questionIndex: number;
  question: string;
  model: string;
  subModel: string;
  context: ContextSummary;
  limits: RlmEventOf<'run_start'>['limits'];
  startedAt: number;
  /** Key of its root RLM in `rlms`. */
  rootRlmId: string;
  answer: string | null;
  stopReason: StopReason | null;
  error: { code: string; message: string } | null;
  durationMs: number | null;
  end: RlmEventOf<'run_end'> | null;
}

/**
 * Everything a trajectory holds, indexed by one fold over its events in order (never paired by timestamp).
 * Ids are keys as logged for the first question; later questions of a session get `q<N>:` prefixed keys so
 * restarting counters cannot collide (nodes keep the logged id in their own fields).
 */
export interface TrajectoryIndex {
  questions: QuestionNode[];
  rlms: Record<string, RlmNode>;
  subcalls: Record<string, SubcallNode>;
  /** Batch id → sub-call ids, in batch order. */
  batches: Record<string, string[]>;
  /**
   * Every model call by key, in start order. A Map: copying it stays fast whatever the order of events, where
   * a spread record slows down for good once its copy site has seen records of many shapes.
   */
  calls: ReadonlyMap<string, LlmCallNode>;
  tools: Record<string, ToolCallNode>;
  usage: Usage;
  costUsd: number | null;
  /** Model calls waiting for a concurrency slot (never sent yet). */
  callsQueued: number;
  /** Model calls waiting to retry after a failed attempt. */
  callsRetrying: number;
  /** Model calls with a request in flight. */
  callsSent: number;
  /** The latest retry scheduled, while that call waits to retry. */
  lastRetry: RetryView | null;
  maxDepthSeen: number;
  budgetWarnings: Array<Pick<RlmEventOf<'budget_warning'>, 'limit' | 'used' | 'max'>>;
  events: number;
  firstTs: number | null;
  lastTs: number | null;
}

/** A model request in full: the system instructions and every message, rebuilt across `extendsCallId` links. */
export interface FullRequest {
  instructions: string | null;
  messages: ChatMessage[];
}
