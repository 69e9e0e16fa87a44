import { RlmError } from './errors.ts';
import { RLM_RESERVED } from './loop/sandbox-api.ts';
import { createIsolateSession, createProcessSessionFactory } from './repl/index.ts';
import { createRunContext, DEFAULTS, resolveSettings } from './run/create-run-context.ts';
import { previewPrompt, type PromptPreview, type PromptPreviewOptions } from './run/preview-prompt.ts';
import { startRun, type RlmRun } from './run/rlm-run.ts';
import type { RlmResult } from './run/rlm-run.ts';
import { createSession, type RlmSession, type SessionOptions } from './session/rlm-session.ts';
import type { CompletionOptions, RlmConfig, RlmInput } from './types.ts';
import { findModelInfo } from './registry/index.ts';

export { DEFAULTS };

/** Globals of the REPL a caller tool may not take. */
const TAKEN_NAMES = new Set([...RLM_RESERVED, 'context', 'history', 'print', 'console']);

export interface Rlm {
  /** Looks like one model call: the answer and what it took. */
  completion(input: RlmInput, options?: CompletionOptions): Promise<RlmResult>;
  /** The same run as a handle: events as they happen, `abort()`, and the result. */
  start(input: RlmInput, options?: CompletionOptions): RlmRun;
  /** Several questions over one persistent REPL: variables, functions and contexts stay between questions. */
  session(options?: SessionOptions): RlmSession;
  /** The instructions and first messages an RLM of this configuration is sent (at `depth`, default 0), exactly. */
  previewPrompt(input: RlmInput, options?: PromptPreviewOptions): Promise<PromptPreview>;
}

export function createRlm(userConfig: RlmConfig): Rlm {
  validateConfig(userConfig);
  // One sandbox process per Rlm, shared by the sessions of its runs and stopped when the last one closes.
  const config: RlmConfig = {
    ...userConfig,
    createReplSession:
      userConfig.createReplSession ??
      (userConfig.sandbox?.isolation === 'in-process' ? createIsolateSession : createProcessSessionFactory()),
  };
  const start = (input: RlmInput, options: CompletionOptions = {}): RlmRun => {
    let counter = 0;
    const runId = config.generateId?.() ?? crypto.randomUUID();
    const { run, controllers, concurrency } = createRunContext(config, {
      runId,
      nextId: (prefix) => `${prefix}${++counter}`,
    });
    return startRun(run, controllers, input, {
      contexts: options.context === undefined ? [] : [{ name: 'context', context: options.context }],
      timeoutMs: config.timeoutMs ?? null,
      concurrency,
      externalSignal: options.signal,
    });
  };
  return {
    start,
    completion: (input, options) => start(input, options).result,
    session: (options = {}) => createSession(config, options),
    previewPrompt: (input, options) => previewPrompt(resolveSettings(config), input, options),
  };
}

function validateConfig(config: RlmConfig): void {
  const positive: Array<[string, number | undefined]> = [
    ['maxIterations', config.maxIterations],
    ['maxErrors', config.maxErrors],
    ['rootContextWindow', config.rootContextWindow],
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
  const threshold = config.compactionThreshold;
  if (threshold !== undefined && !(threshold > 0 && threshold < 1))
    throw new RlmError('invalid_config', `compactionThreshold must be between 0 and 1, got ${threshold}`);
  for (const [name, tool] of Object.entries({
    ...config.tools,
    ...(typeof config.subTools === 'object' ? config.subTools : {}),
  })) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      throw new RlmError('invalid_config', `tools: "${name}" is not a valid JavaScript identifier`);
    if (TAKEN_NAMES.has(name) || /^context_\d+$/.test(name) || name.startsWith('__'))
      throw new RlmError('invalid_config', `tools: "${name}" is already a name of the REPL; rename the tool`);
    if (typeof tool.execute !== 'function')
      throw new RlmError('invalid_config', `tools.${name} has no execute function: the REPL needs to run it`);
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
