import { RlmError } from './errors.ts';
import { ModelGateway } from './model/model-gateway.ts';
import { createIsolateSession } from './repl/index.ts';
import { subcallBoundsFor } from './loop/subcall-bounds.ts';
import { DEFAULT_RETRY } from './model/retry.ts';
import { CallScheduler } from './model/scheduler.ts';
import { Budget } from './run/budget.ts';
import { EventHub } from './run/emitter.ts';
import type { RunContext } from './run/run-context.ts';
import { startRun, type RlmResult, type RlmRun } from './run/rlm-run.ts';
import { findModelInfo } from './registry/index.ts';
import type { CompletionOptions, RlmConfig, RlmInput } from './types.ts';
import { UsageLedger } from './usage/usage.ts';

export const DEFAULTS = {
  maxIterations: 30,
  maxDepth: 1,
  concurrency: 16,
  callTimeoutMs: 3 * 60_000,
  firstByteTimeoutMs: 60_000,
  subModelContextChars: 400_000,
} as const;

export interface Rlm {
  /** Looks like one model call: the answer and what it took. */
  completion(input: RlmInput, options?: CompletionOptions): Promise<RlmResult>;
  /** The same run as a handle: events as they happen, `abort()`, and the result. */
  start(input: RlmInput, options?: CompletionOptions): RlmRun;
}

export function createRlm(config: RlmConfig): Rlm {
  validateConfig(config);
  const start = (input: RlmInput, options: CompletionOptions = {}): RlmRun => {
    const now = config.now ?? Date.now;
    let counter = 0;
    const nextId = (prefix: string) => `${prefix}${++counter}`;
    const runId = config.generateId?.() ?? crypto.randomUUID();
    const controllers = { run: new AbortController(), work: new AbortController() };
    // Budget exhaustion stops sub-work; the run signal (abort, timeout) stops everything, work included.
    controllers.run.signal.addEventListener('abort', () => controllers.work.abort(controllers.run.signal.reason), {
      once: true,
    });

    const ledger = new UsageLedger();
    const budget = new Budget(
      {
        maxCostUsd: config.maxCostUsd ?? null,
        maxTokens: config.maxTokens ?? null,
        maxSubcalls: config.maxSubcalls ?? null,
        timeoutMs: config.timeoutMs ?? null,
      },
      ledger,
      now,
    );
    const hub = new EventHub(runId, now);
    const concurrency = config.concurrency ?? DEFAULTS.concurrency;
    const scheduler = new CallScheduler({
      concurrency,
      limiter: config.callLimiter,
      retry: { ...DEFAULT_RETRY, ...config.retry },
      callTimeoutMs: config.callTimeoutMs ?? DEFAULTS.callTimeoutMs,
      signal: controllers.run.signal,
      now,
    });
    const gateway = new ModelGateway({
      resolveModel: config.resolveModel,
      scheduler,
      ledger,
      budget,
      models: { prices: config.prices, contextWindows: config.contextWindows },
      stream: config.stream ?? true,
      firstByteTimeoutMs: Math.min(
        config.firstByteTimeoutMs ?? DEFAULTS.firstByteTimeoutMs,
        config.callTimeoutMs ?? DEFAULTS.callTimeoutMs,
      ),
      temperature: config.temperature,
      maxOutputTokens: config.maxOutputTokens,
      nextCallId: () => nextId('c'),
      now,
    });
    const root = hub.scope('r0', null, 0);
    budget.onWarning = (limit, used, max) => root.emit({ type: 'budget_warning', limit, used, max });
    budget.onExhausted = (kind, error) => {
      if (kind === 'time') controllers.run.abort(error);
      else controllers.work.abort(error);
    };

    const run: RunContext = {
      settings: {
        model: config.model,
        subModel: config.subModel ?? config.model,
        maxIterations: config.maxIterations ?? DEFAULTS.maxIterations,
        maxDepth: config.maxDepth ?? DEFAULTS.maxDepth,
        memoize: config.memoize ?? true,
        subModelContextChars: config.subModelContextChars ?? DEFAULTS.subModelContextChars,
        subcallBounds: subcallBoundsFor(gateway.modelInfo(config.subModel ?? config.model).contextWindow, {
          ...(config.sandbox?.maxPromptBytes === undefined ? {} : { promptBytes: config.sandbox.maxPromptBytes }),
          ...(config.sandbox?.maxBatchBytes === undefined ? {} : { batchBytes: config.sandbox.maxBatchBytes }),
        }),
        subcalls: config.subcalls ?? true,
        sandbox: config.sandbox ?? {},
        createReplSession: config.createReplSession ?? createIsolateSession,
      },
      hub,
      gateway,
      budget,
      ledger,
      runSignal: controllers.run.signal,
      workSignal: controllers.work.signal,
      nextId,
    };
    return startRun(run, controllers, input, options.context, {
      timeoutMs: config.timeoutMs ?? null,
      concurrency,
      externalSignal: options.signal,
    });
  };
  return {
    start,
    completion: (input, options) => start(input, options).result,
  };
}

function validateConfig(config: RlmConfig): void {
  const positive: Array<[string, number | undefined]> = [
    ['maxIterations', config.maxIterations],
    ['maxDepth', config.maxDepth],
    ['concurrency', config.concurrency],
    ['maxTokens', config.maxTokens],
    ['timeoutMs', config.timeoutMs],
    ['callTimeoutMs', config.callTimeoutMs],
    ['firstByteTimeoutMs', config.firstByteTimeoutMs],
  ];
  for (const [name, value] of positive) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      throw new RlmError('invalid_config', `${name} must be a positive number, got ${value}`);
  }
  for (const [name, value] of [
    ['maxCostUsd', config.maxCostUsd],
    ['maxSubcalls', config.maxSubcalls],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RlmError('invalid_config', `${name} must be zero or more, got ${value}`);
  }
  if (!config.model) throw new RlmError('no_model', 'No model configured');
  const retry = config.retry ?? {};
  for (const [name, value] of Object.entries(retry)) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RlmError('invalid_config', `retry.${name} must be zero or more, got ${value}`);
  }
  if (config.maxCostUsd !== undefined) {
    // A cost limit that cannot see the cost would never stop anything: refuse it rather than pretend.
    const unpriced = [config.model, config.subModel ?? config.model].filter(
      (id) => !findModelInfo(id, { prices: config.prices }).price,
    );
    if (unpriced.length > 0) {
      throw new RlmError(
        'invalid_config',
        `maxCostUsd needs a price for ${[...new Set(unpriced)].join(' and ')}: add it under "prices" (USD per million input / output tokens)`,
      );
    }
  }
}
