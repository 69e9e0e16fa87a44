import { RlmError } from '../errors.ts';
import type { ContextSummary } from '../events.ts';
import type { HistoryEntry, NamedContext } from '../loop/node-spec.ts';
import { summarizeContext } from '../loop/rlm-node.ts';
import type { BudgetLimits } from '../run/budget.ts';
import { createRunContext, resolveSettings } from '../run/create-run-context.ts';
import { startRun, type RlmResult, type RlmRun } from '../run/rlm-run.ts';
import type { SandboxContext, VariableSummary } from '../sandbox/index.ts';
import type { RlmConfig, RlmInput, Usage, UsageBreakdown } from '../types.ts';
import { totalTokens, UsageLedger } from '../usage/usage.ts';
import { SessionRepl } from './session-repl.ts';

export interface SessionOptions {
  /** The first context: `context` in the REPL. Later ones become `context_1`, `context_2`, … */
  context?: SandboxContext;
  /** Limits over all questions of the session; each question also keeps the config's own limits. */
  maxCostUsd?: number;
  maxTokens?: number;
  maxSubcalls?: number;
  /** Names the session in its events (`run_start.sessionId`). Default: the config's generateId, else a UUID. */
  id?: string;
}

export interface AskOptions {
  /** Added before the question, like `addContext`. */
  context?: SandboxContext;
  signal?: AbortSignal;
}

export interface SessionQuestionUsage {
  question: string;
  usage: Usage;
  costUsd: number | null;
  subcalls: number;
}

export interface SessionUsage {
  questions: SessionQuestionUsage[];
  /** Every call of every question (finished or running), by depth and model. */
  total: UsageBreakdown;
  subcalls: number;
}

/** Several questions over one persistent REPL. One question runs at a time. */
export interface RlmSession {
  readonly id: string;
  /** Runs a question; the handle is like `Rlm.start`'s. Throws when another question is still running. */
  ask(input: RlmInput, options?: AskOptions): RlmRun;
  /** Adds a context; resolves to its name in the REPL (`context`, then `context_1`, …). */
  addContext(context: SandboxContext): Promise<string>;
  /** The contexts so far, by REPL name. */
  contexts(): Array<{ name: string; summary: ContextSummary }>;
  /** The REPL's own variables (what the model defined), with a short summary each. */
  variables(): Promise<VariableSummary[]>;
  /** Usage and cost per question and for the session. */
  usage(): SessionUsage;
  /** Earlier questions with their answers and full root messages (what the REPL holds as `history`). */
  history(): readonly HistoryEntry[];
  /** Ends the session: the running question is aborted and the REPL disposed. */
  dispose(): Promise<void>;
}

export function createSession(config: RlmConfig, options: SessionOptions): RlmSession {
  validateSessionOptions(options);
  const id = options.id ?? config.generateId?.() ?? crypto.randomUUID();
  const settings = resolveSettings(config);
  const contexts: NamedContext[] = [];
  const history: HistoryEntry[] = [];
  const questions: SessionQuestionUsage[] = [];
  const ledger = new UsageLedger();
  const repl = new SessionRepl(settings, contexts, history);
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${++counter}`;
  let running: RlmRun | undefined;
  let disposed = false;

  const add = (context: SandboxContext): string => {
    const name = contexts.length === 0 ? 'context' : `context_${contexts.length}`;
    contexts.push({ name, context });
    return name;
  };
  if (options.context !== undefined) add(options.context);

  const subcallsSoFar = () => questions.reduce((sum, question) => sum + question.subcalls, 0);

  /** Each question's limits: the config's, narrowed to what the session's own limits have left. */
  const questionLimits = (): { limits: BudgetLimits; sessionLimits: Partial<BudgetLimits> } => {
    const limits: BudgetLimits = {
      maxCostUsd: config.maxCostUsd ?? null,
      maxTokens: config.maxTokens ?? null,
      maxSubcalls: config.maxSubcalls ?? null,
      timeoutMs: config.timeoutMs ?? null,
    };
    const sessionLimits: Partial<BudgetLimits> = {};
    const narrow = (key: 'maxCostUsd' | 'maxTokens' | 'maxSubcalls', max: number | undefined, used: number) => {
      if (max === undefined) return;
      const left = Math.max(0, max - used);
      const own = limits[key];
      if (own === null || left < own) {
        limits[key] = left;
        sessionLimits[key] = max;
      }
    };
    narrow('maxCostUsd', options.maxCostUsd, ledger.knownCostUsd);
    narrow('maxTokens', options.maxTokens, totalTokens(ledger.total));
    narrow('maxSubcalls', options.maxSubcalls, subcallsSoFar());
    return { limits, sessionLimits };
  };

  const session: RlmSession = {
    id,
    ask(input, askOptions = {}) {
      if (disposed) throw new RlmError('invalid_input', 'The session has been disposed');
      if (running) throw new RlmError('invalid_input', 'A question is already running in this session');
      if (askOptions.context !== undefined) add(askOptions.context);
      const { limits, sessionLimits } = questionLimits();
      const { run, controllers, concurrency } = createRunContext(config, {
        runId: config.generateId?.() ?? crypto.randomUUID(),
        nextId,
        limits,
        sessionLimits,
        parentLedger: ledger,
      });
      const questionIndex = history.length + 1;
      const handle = startRun(run, controllers, input, {
        contexts: [...contexts],
        timeoutMs: config.timeoutMs ?? null,
        concurrency,
        externalSignal: askOptions.signal,
        session: {
          id,
          questionIndex,
          repl,
          earlier: [...history],
          // A session limit already used up stops the question before its first call.
          checkBudgetFirst: Object.keys(sessionLimits).length > 0,
          onRootResult: (outcome, question) =>
            history.push({
              question,
              answer: outcome.answer,
              stopReason: outcome.stopReason,
              messages: outcome.transcript,
            }),
        },
      });
      running = handle;
      void handle.result.then((result: RlmResult) => {
        questions.push({
          question: typeof input === 'string' ? input : (input.findLast((m) => m.role === 'user')?.content ?? ''),
          usage: result.usage,
          costUsd: result.costUsd,
          subcalls: result.subcalls,
        });
        if (running === handle) running = undefined;
      });
      return handle;
    },
    async addContext(context) {
      if (disposed) throw new RlmError('invalid_input', 'The session has been disposed');
      const name = add(context);
      // Loaded now when no question is running; otherwise before the next question starts.
      if (!running) await repl.sync();
      return name;
    },
    contexts: () => contexts.map((entry) => ({ name: entry.name, summary: summarizeContext(entry.context) })),
    variables: async () => (disposed ? [] : (await repl.sync()).listVariables()),
    usage: () => ({ questions: [...questions], total: ledger.snapshot(), subcalls: subcallsSoFar() }),
    history: () => [...history],
    async dispose() {
      if (disposed) return;
      disposed = true;
      const current = running;
      current?.abort('The session was disposed');
      await current?.result.catch(() => undefined);
      await repl.dispose();
    },
  };
  return session;
}

function validateSessionOptions(options: SessionOptions): void {
  for (const [name, value] of [
    ['maxCostUsd', options.maxCostUsd],
    ['maxTokens', options.maxTokens],
    ['maxSubcalls', options.maxSubcalls],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RlmError('invalid_config', `session ${name} must be zero or more, got ${value}`);
  }
}
