import { generateText } from 'ai';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import {
  contextAsText,
  costOf,
  createRlm,
  findModelInfo,
  type CallLimiter,
  type ModelResolver,
  type PriceTable,
} from '../../engine/internal.ts';
import type { BenchTask, Suite } from '../suites/types.ts';
import type { Method } from './options.ts';
import type { TaskRecord } from './record.ts';

export interface MethodSettings {
  model: string;
  subModel: string;
  /** The model the `base` method calls (the root model unless the oracle supplies its own). */
  baseModel: string;
  baseWindow?: number | undefined;
  resolveModel: ModelResolver;
  callLimiter: CallLimiter;
  maxIterations?: number | undefined;
  maxCostUsd?: number | undefined;
  prices: PriceTable;
}

/** What a record holds before its task is solved: which task, which method, the regex shortcut's verdict. */
type RecordBeforeSolving = Pick<
  TaskRecord,
  'taskId' | 'suite' | 'targetTokens' | 'contextTokens' | 'seed' | 'method' | 'leakage'
>;

/** Solves one task with one method and scores it. Failures are recorded, never thrown. */
export async function runTask(
  task: BenchTask,
  suite: Suite,
  method: Method,
  settings: MethodSettings,
  shortcutCorrect: boolean,
): Promise<TaskRecord> {
  const started = performance.now();
  const base: RecordBeforeSolving = {
    taskId: task.id,
    suite: task.suite,
    targetTokens: task.targetTokens,
    contextTokens: task.contextTokens,
    seed: task.seed,
    method,
    leakage: { regex: shortcutCorrect, base: null },
  };
  if (method === 'base') return runBase(task, suite, settings, base, started);

  const rlm = createRlm({
    model: settings.model,
    subModel: settings.subModel,
    resolveModel: settings.resolveModel,
    callLimiter: settings.callLimiter,
    maxDepth: method === 'rlm-d2' ? 2 : 1,
    subcalls: method !== 'rlm-no-sub',
    prices: settings.prices,
    ...(settings.maxIterations === undefined ? {} : { maxIterations: settings.maxIterations }),
    ...(settings.maxCostUsd === undefined ? {} : { maxCostUsd: settings.maxCostUsd }),
  });
  const result = await rlm.completion(task.question, { context: task.context });
  const scored = suite.score(task, result.answer);
  return {
    ...base,
    score: scored.score,
    correct: scored.correct,
    overflow: false,
    answer: result.answer,
    stopReason: result.stopReason,
    iterations: result.iterations,
    subcalls: result.subcalls,
    tokensByDepth: Object.fromEntries(
      Object.entries(result.breakdown.byDepth).map(([depth, entry]) => [
        depth,
        { input: entry.usage.inputTokens, output: entry.usage.outputTokens, cached: entry.usage.cachedInputTokens },
      ]),
    ),
    costUsd: result.costUsd,
    wallMs: performance.now() - started,
    error: result.error ? `${result.error.code}: ${result.error.message}` : null,
  };
}

const BASE_INSTRUCTIONS =
  'Answer the question about the text below. Be concise, and end with a line "Answer: <your answer>".';

async function runBase(
  task: BenchTask,
  suite: Suite,
  settings: MethodSettings,
  record: RecordBeforeSolving,
  started: number,
): Promise<TaskRecord> {
  const text = contextAsText(task.context);
  const prompt = `${text}\n\nQuestion: ${task.question}`;
  const promptTokens = countTokens(prompt) + countTokens(BASE_INSTRUCTIONS);
  const window = settings.baseWindow ?? findModelInfo(settings.baseModel, { prices: settings.prices }).contextWindow;
  if (promptTokens > window) {
    return finish(record, started, {
      score: 0,
      correct: false,
      overflow: true,
      answer: null,
      stopReason: 'overflow',
      error: `prompt of ${promptTokens} tokens exceeds the ${window}-token window`,
    });
  }
  try {
    const result = await settings.callLimiter(() =>
      generateText({
        model: settings.resolveModel(settings.baseModel),
        instructions: BASE_INSTRUCTIONS,
        prompt,
        maxRetries: 4,
      }),
    );
    const usage = {
      inputTokens: result.usage.inputTokens ?? 0,
      outputTokens: result.usage.outputTokens ?? 0,
      cachedInputTokens: result.usage.inputTokenDetails?.cacheReadTokens ?? 0,
      reasoningTokens: result.usage.outputTokenDetails?.reasoningTokens ?? 0,
    };
    const scored = suite.score(task, result.text);
    return finish(record, started, {
      score: scored.score,
      correct: scored.correct,
      overflow: false,
      answer: result.text,
      stopReason: 'final',
      tokensByDepth: { 0: { input: usage.inputTokens, output: usage.outputTokens, cached: usage.cachedInputTokens } },
      costUsd: costOf(usage, findModelInfo(settings.baseModel, { prices: settings.prices }).price),
    });
  } catch (error) {
    return finish(record, started, {
      score: 0,
      correct: false,
      overflow: false,
      answer: null,
      stopReason: 'error',
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function finish(
  record: RecordBeforeSolving,
  started: number,
  outcome: Partial<TaskRecord> & Pick<TaskRecord, 'score' | 'correct' | 'overflow' | 'answer' | 'stopReason'>,
): TaskRecord {
  return {
    ...record,
    iterations: outcome.stopReason === 'overflow' ? 0 : 1,
    subcalls: 0,
    tokensByDepth: {},
    costUsd: 0,
    error: null,
    ...outcome,
    leakage: { ...record.leakage, base: outcome.overflow ? false : outcome.correct },
    wallMs: performance.now() - started,
  };
}
