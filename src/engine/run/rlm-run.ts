import { RlmError } from '../errors.ts';
import type { RlmEvent } from '../events.ts';
import type { HistoryEntry, NamedContext, NodeResult, PersistentRepl } from '../loop/node-spec.ts';
import { runRlmNode, summarizeContext } from '../loop/rlm-node.ts';
import type { ChatMessage, RlmInput, StopReason, Usage, UsageBreakdown } from '../types.ts';
import type { RlmEventListener } from './emitter.ts';
import type { RunContext } from './run-context.ts';

export interface RlmResult {
  answer: string | null;
  stopReason: StopReason;
  /** Root iterations used. */
  iterations: number;
  /** `llm_query` / `rlm_query` calls made across the tree. */
  subcalls: number;
  usage: Usage;
  /** Null when any call's price is unknown. */
  costUsd: number | null;
  breakdown: UsageBreakdown;
  durationMs: number;
  /** Set when the run stopped on an error, a limit or an abort. */
  error: RlmError | null;
  /** Every event of the run, child RLMs included: requests, responses, code, outputs. */
  trajectory: RlmEvent[];
}

/** A run in progress: stream its events, abort it, await its result. */
export interface RlmRun {
  readonly runId: string;
  readonly result: Promise<RlmResult>;
  /** Listener for events from now on; returns the unsubscribe function. */
  subscribe(listener: RlmEventListener): () => void;
  /** Every event from the start of the run, then the live ones, ending after `run_end`. */
  [Symbol.asyncIterator](): AsyncIterator<RlmEvent>;
  /** Cancels every in-flight call of the whole tree; the result arrives with stopReason `aborted`. */
  abort(reason?: string): void;
  /** The events so far. */
  trajectory(): RlmEvent[];
}

interface Controllers {
  run: AbortController;
  work: AbortController;
}

export interface StartRunOptions {
  contexts: NamedContext[];
  timeoutMs: number | null;
  concurrency: number;
  externalSignal?: AbortSignal | undefined;
  /** Set when the run is one question of a session. */
  session?: {
    id: string;
    questionIndex: number;
    repl: PersistentRepl;
    earlier: HistoryEntry[];
    /** Check the budget before the first call (a session limit may have nothing left). */
    checkBudgetFirst: boolean;
    /** Called with the root's outcome (its full transcript included) before `run_end`. */
    onRootResult: (outcome: NodeResult, question: string) => void;
  };
}

export function startRun(run: RunContext, controllers: Controllers, input: RlmInput, options: StartRunOptions): RlmRun {
  const hub = run.hub;
  const started = hub.now();
  const onExternalAbort = () => controllers.run.abort(new RlmError('aborted', 'The run was aborted'));
  options.externalSignal?.addEventListener('abort', onExternalAbort, { once: true });

  const result = (async (): Promise<RlmResult> => {
    await Promise.resolve(); // let the caller subscribe before the first event
    const root = run.hub.scope('r0', null, 0);
    const timer = options.timeoutMs === null ? undefined : setTimeout(() => run.budget.timeUp(), options.timeoutMs);
    const warning =
      options.timeoutMs === null ? undefined : setTimeout(() => run.budget.timeWarning(), options.timeoutMs * 0.8);
    try {
      if (options.externalSignal?.aborted) onExternalAbort();
      const { question, history, instructions } = normalizeInput(input);
      const limits = run.budget.limits;
      const context = options.contexts.find((entry) => entry.name === 'context')?.context;
      const session = options.session;
      root.emit({
        type: 'run_start',
        question,
        ...(session ? { sessionId: session.id, questionIndex: session.questionIndex } : {}),
        model: run.settings.model,
        subModel: run.settings.subModel,
        context: summarizeContext(context),
        limits: {
          maxIterations: run.settings.maxIterations,
          maxDepth: run.settings.maxDepth,
          maxCostUsd: limits.maxCostUsd,
          maxTokens: limits.maxTokens,
          maxSubcalls: limits.maxSubcalls,
          timeoutMs: limits.timeoutMs,
          concurrency: options.concurrency,
          maxErrors: run.settings.maxErrors,
          contextWindow: run.settings.contextWindowOf(run.settings.model),
        },
      });
      if (session?.checkBudgetFirst) run.budget.afterUsage();
      const outcome = await runRlmNode(run, {
        rlmId: 'r0',
        parentId: null,
        depth: 0,
        question,
        history,
        callerInstructions: instructions,
        contexts: options.contexts,
        modelId: run.settings.model,
        signal: controllers.run.signal,
        ...(session ? { repl: session.repl, earlier: session.earlier } : {}),
      });
      session?.onRootResult(outcome, question);
      return finishRun(outcome.answer, outcome.stopReason, outcome.iterations, outcome.error);
    } catch (error) {
      const failure =
        error instanceof RlmError
          ? error
          : new RlmError('internal', error instanceof Error ? error.message : String(error), { cause: error });
      root.emit({ type: 'error', code: failure.code, message: failure.message });
      return finishRun(null, 'error', 0, failure);
    } finally {
      if (timer) clearTimeout(timer);
      if (warning) clearTimeout(warning);
      options.externalSignal?.removeEventListener('abort', onExternalAbort);
      // Nothing may outlive the run: stop any call still in flight.
      if (!controllers.run.signal.aborted) controllers.run.abort(new RlmError('aborted', 'The run has finished'));
    }

    function finishRun(
      answer: string | null,
      stopReason: StopReason,
      iterations: number,
      error: RlmError | null,
    ): RlmResult {
      const durationMs = hub.now() - started;
      const breakdown = run.ledger.snapshot();
      root.emit({
        type: 'run_end',
        stopReason,
        answer,
        iterations,
        subcalls: run.budget.subcalls,
        usage: breakdown,
        durationMs,
        error: error ? { code: error.code, message: error.message } : null,
      });
      return {
        answer,
        stopReason,
        iterations,
        subcalls: run.budget.subcalls,
        usage: breakdown.total,
        costUsd: breakdown.costUsd,
        breakdown,
        durationMs,
        error,
        trajectory: hub.events,
      };
    }
  })();

  return {
    runId: hub.runId,
    result,
    subscribe: (listener) => hub.subscribe(listener),
    abort: (reason) => controllers.run.abort(new RlmError('aborted', reason ?? 'The run was aborted')),
    trajectory: () => [...hub.events],
    [Symbol.asyncIterator]: () => eventIterator(run, result),
  };
}

function eventIterator(run: RunContext, done: Promise<unknown>): AsyncIterator<RlmEvent> {
  let index = 0;
  let wake: (() => void) | undefined;
  const state = { finished: false };
  const unsubscribe = run.hub.subscribe(() => wake?.());
  void done.finally(() => {
    state.finished = true;
    wake?.();
  });
  return {
    async next() {
      while (index >= run.hub.events.length && !state.finished) await new Promise<void>((resolve) => (wake = resolve));
      const event = run.hub.events[index];
      if (event === undefined) {
        unsubscribe();
        return { done: true, value: undefined };
      }
      index += 1;
      return { done: false, value: event };
    },
    async return() {
      unsubscribe();
      return { done: true, value: undefined };
    },
  };
}

/** A string question, or chat messages: system ones become caller instructions, the last user one the question. */
export function normalizeInput(input: RlmInput): {
  question: string;
  history: ChatMessage[];
  instructions: string | null;
} {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new RlmError('invalid_input', 'The question is empty');
    return { question: input, history: [], instructions: null };
  }
  const system = input.filter((message) => message.role === 'system').map((message) => message.content);
  const conversation = input.filter((message) => message.role !== 'system');
  const lastUser = conversation.findLastIndex((message) => message.role === 'user');
  const question = conversation[lastUser];
  if (!question || question.content.trim() === '')
    throw new RlmError('invalid_input', 'The messages contain no user question');
  return {
    question: question.content,
    history: conversation.slice(0, lastUser),
    instructions: system.length > 0 ? system.join('\n\n') : null,
  };
}
