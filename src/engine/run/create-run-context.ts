import { ModelGateway } from '../model/model-gateway.ts';
import { DEFAULT_RETRY } from '../model/retry.ts';
import { CallScheduler } from '../model/scheduler.ts';
import { createIsolateSession } from '../repl/index.ts';
import type { RlmConfig } from '../types.ts';
import { subcallBoundsFor } from '../loop/subcall-bounds.ts';
import { subcallCapacityChars } from '../prompt/capacity.ts';
import { findModelInfo } from '../registry/index.ts';
import { UsageLedger } from '../usage/usage.ts';
import { Budget, type BudgetLimits } from './budget.ts';
import { EventHub } from './emitter.ts';
import type { ResolvedSettings, RunContext } from './run-context.ts';

export const DEFAULTS = {
  maxIterations: 30,
  maxDepth: 1,
  concurrency: 16,
  callTimeoutMs: 3 * 60_000,
  firstByteTimeoutMs: 60_000,
  compactionThreshold: 0.85,
} as const;

export interface RunControllers {
  run: AbortController;
  work: AbortController;
}

export interface RunContextOptions {
  runId: string;
  /** Ids of calls and sub-calls; a session shares one counter so ids stay unique across its questions. */
  nextId: (prefix: string) => string;
  /** Defaults to the config's limits; a session narrows them to what its own limits leave. */
  limits?: BudgetLimits;
  /** Names the limits that come from the session, for the message when one is reached. */
  sessionLimits?: Partial<BudgetLimits>;
  /** Also records every call's usage here (a session's running totals). */
  parentLedger?: UsageLedger;
}

/** Everything one run tree shares, built from the config: scheduler, gateway, budget, ledger, events, signals. */
export function createRunContext(
  config: RlmConfig,
  options: RunContextOptions,
): { run: RunContext; controllers: RunControllers; concurrency: number } {
  const now = config.now ?? Date.now;
  const controllers: RunControllers = { run: new AbortController(), work: new AbortController() };
  // Budget exhaustion stops sub-work; the run signal (abort, timeout) stops everything, work included.
  controllers.run.signal.addEventListener('abort', () => controllers.work.abort(controllers.run.signal.reason), {
    once: true,
  });
  const ledger = new UsageLedger(options.parentLedger);
  const budget = new Budget(
    options.limits ?? {
      maxCostUsd: config.maxCostUsd ?? null,
      maxTokens: config.maxTokens ?? null,
      maxSubcalls: config.maxSubcalls ?? null,
      timeoutMs: config.timeoutMs ?? null,
    },
    ledger,
    now,
    options.sessionLimits,
  );
  const hub = new EventHub(options.runId, now);
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
    nextCallId: () => options.nextId('c'),
    now,
  });
  const root = hub.scope('r0', null, 0);
  budget.onWarning = (limit, used, max) => root.emit({ type: 'budget_warning', limit, used, max });
  budget.onExhausted = (kind, error) => {
    if (kind === 'time') controllers.run.abort(error);
    else controllers.work.abort(error);
  };
  const run: RunContext = {
    settings: resolveSettings(config),
    hub,
    gateway,
    budget,
    ledger,
    runSignal: controllers.run.signal,
    workSignal: controllers.work.signal,
    nextId: options.nextId,
  };
  return { run, controllers, concurrency };
}

/** The config with every default filled in. */
export function resolveSettings(config: RlmConfig): ResolvedSettings {
  const subModelWindow = findModelInfo(config.subModel ?? config.model, {
    contextWindows: config.contextWindows,
  }).contextWindow;
  return {
    model: config.model,
    subModel: config.subModel ?? config.model,
    maxIterations: config.maxIterations ?? DEFAULTS.maxIterations,
    maxErrors: config.maxErrors ?? null,
    maxDepth: config.maxDepth ?? DEFAULTS.maxDepth,
    memoize: config.memoize ?? true,
    subcallCapacityChars: config.subModelContextChars ?? subcallCapacityChars(subModelWindow),
    systemPrompt: config.systemPrompt ?? null,
    replReference: config.replReference ?? true,
    instructions: config.instructions ?? null,
    subcallBounds: subcallBoundsFor(subModelWindow, {
      ...(config.sandbox?.maxPromptBytes === undefined ? {} : { promptBytes: config.sandbox.maxPromptBytes }),
      ...(config.sandbox?.maxBatchBytes === undefined ? {} : { batchBytes: config.sandbox.maxBatchBytes }),
    }),
    subcalls: config.subcalls ?? true,
    sandbox: config.sandbox ?? {},
    createReplSession: config.createReplSession ?? createIsolateSession,
    tools: config.tools ?? {},
    subTools: config.subTools ?? 'inherit',
    // `rootContextWindow` wins for the root model; otherwise the registry (config overrides, known models, fallback).
    contextWindowOf: (modelId) =>
      modelId === config.model && config.rootContextWindow !== undefined
        ? config.rootContextWindow
        : findModelInfo(modelId, { contextWindows: config.contextWindows }).contextWindow,
    compactionThreshold: config.compactionThreshold ?? DEFAULTS.compactionThreshold,
  };
}
