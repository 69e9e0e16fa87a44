import type { CellError, VariableSummary } from './sandbox/index.ts';
import type { ChatMessage, StopReason, Usage, UsageBreakdown } from './types.ts';

/** Fields every event carries. `rlmId` names the RLM (root `r0`, children `r0.1`, …) the event belongs to. */
export interface EventBase {
  runId: string;
  rlmId: string;
  /** The sub-call that started this RLM or call; null at the root. */
  parentId: string | null;
  depth: number;
  /** Milliseconds since the epoch (from the injected clock). */
  ts: number;
}

export interface ContextSummary {
  type: 'string' | 'documents' | 'none';
  chars: number;
  documents: number;
  /** First document paths, for the prompt and the UI. */
  paths: string[];
}

export type LlmCallPurpose = 'root' | 'final_answer' | 'sub' | 'compaction';

export type RlmEvent = EventBase &
  (
    | {
        type: 'run_start';
        question: string;
        /** Set when the run is one question of a session (`rlm chat`, `createRlm().session()`): a log then holds
         * several depth-0 runs. */
        sessionId?: string;
        /** 1-based position of the question in its session. */
        questionIndex?: number;
        model: string;
        subModel: string;
        context: ContextSummary;
        limits: {
          maxIterations: number;
          maxDepth: number;
          maxCostUsd: number | null;
          maxTokens: number | null;
          maxSubcalls: number | null;
          timeoutMs: number | null;
          concurrency: number;
          /** Absent in logs written before these existed. */
          maxErrors?: number | null;
          contextWindow?: number;
        };
      }
    | { type: 'iteration_start'; iteration: number; maxIterations: number }
    | {
        type: 'iteration_end';
        iteration: number;
        /** The sandbox's variables after the turn's cells, as the model was shown them (absent when no cell ran). */
        variables?: VariableSummary[];
      }
    | {
        type: 'llm_call_start';
        callId: string;
        model: string;
        purpose: LlmCallPurpose;
        /** The exact request: system instructions and messages (see `extendsCallId`). */
        instructions: string | null;
        messages: ChatMessage[];
        /**
         * Set when this request starts with the whole request of an earlier call of the same conversation:
         * `messages` then holds only the messages added since, and `instructions` (null) are that call's.
         * Absent in `rlm.trajectory/1` logs, where every call records its full request.
         */
        extendsCallId?: string;
        /**
         * Set on a sub-call's model call whose request is one user message holding exactly the sub-call's prompt:
         * `messages` is then empty and the prompt is read from `subcall_start.prompt` (the sub-call is `parentId`).
         */
        promptInSubcall?: true;
      }
    /** An attempt took a concurrency slot and its request starts (attempt 0, then each retry). */
    | { type: 'llm_call_sent'; callId: string; attempt: number }
    | { type: 'llm_call_delta'; callId: string; text: string }
    | {
        type: 'llm_call_end';
        callId: string;
        model: string;
        purpose: LlmCallPurpose;
        ok: boolean;
        text: string;
        reasoning: string | null;
        finishReason: string | null;
        usage: Usage;
        costUsd: number | null;
        /** From the first `llm_call_sent` to the end: the request's own time, not its wait for a slot. */
        latencyMs: number;
        /** From `llm_call_start` to the first `llm_call_sent`: time spent waiting for a concurrency slot. */
        queuedMs: number;
        /** Answered from the run's memo of identical calls: no request was made. */
        cached: boolean;
        retries: number;
        error: { code: string; message: string } | null;
      }
    | { type: 'llm_call_retry'; callId: string; attempt: number; delayMs: number; reason: string }
    | { type: 'code_block'; iteration: number; index: number; language: string; code: string }
    | {
        type: 'repl_output';
        iteration: number;
        index: number;
        ok: boolean;
        output: string;
        modelOutput: string;
        omittedChars: number;
        value: string | null;
        error: CellError | null;
        sessionReset: boolean;
        durationMs: number;
      }
    | {
        type: 'subcall_start';
        subcallId: string;
        kind: 'llm_query' | 'rlm_query';
        /** How the call was carried out: a plain LM call, or a child RLM. */
        mode: 'llm' | 'rlm';
        model: string;
        prompt: string;
        iteration: number;
        blockIndex: number;
        batchId: string | null;
        batchIndex: number | null;
        batchSize: number | null;
      }
    | { type: 'subcall_end'; subcallId: string; ok: boolean; response: string; error: string | null; latencyMs: number }
    | {
        type: 'compaction';
        /** The root turn whose request was about to pass the threshold. */
        iteration: number;
        /** Estimated tokens of the request before and after the turns were replaced. */
        tokensBefore: number;
        tokensAfter: number;
        /** Messages replaced by the summary. */
        replacedMessages: number;
        summary: string;
      }
    | {
        type: 'tool_call_start';
        toolCallId: string;
        name: string;
        input: unknown;
        iteration: number;
        blockIndex: number;
      }
    | {
        type: 'tool_call_end';
        toolCallId: string;
        ok: boolean;
        output: unknown;
        error: string | null;
        durationMs: number;
      }
    | { type: 'budget_warning'; limit: BudgetKind; used: number; max: number }
    | { type: 'final'; answer: string; source: 'code' | 'text' | 'forced' }
    | { type: 'error'; code: string; message: string }
    | {
        type: 'run_end';
        stopReason: StopReason;
        answer: string | null;
        iterations: number;
        subcalls: number;
        usage: UsageBreakdown;
        durationMs: number;
        error: { code: string; message: string } | null;
      }
  );

export type BudgetKind = 'cost' | 'tokens' | 'subcalls' | 'time';

export type RlmEventType = RlmEvent['type'];

/** Narrows the union to one event type. */
export type RlmEventOf<T extends RlmEventType> = Extract<RlmEvent, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the emitter stamps it with run id, RLM id, parent, depth and time. */
export type RlmEventPayload = DistributiveOmit<RlmEvent, keyof EventBase>;
