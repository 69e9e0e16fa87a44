import type { RlmResult, StopReason } from '../../engine/internal.ts';

/** The `--json` object (and the fields of `--stream-json`'s final `result` line). */
export interface JsonResult {
  answer: string | null;
  stopReason: StopReason;
  iterations: number;
  subcalls: number;
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number; costUsd: number | null };
  durationMs: number;
  logFile: string | null;
  /** Set when the log could not be written completely (disk full, …): the file holds the run only up to there. */
  logError: { code: string; message: string } | null;
  error: { code: string; message: string } | null;
}

export function toJsonResult(
  result: RlmResult,
  logFile: string | null,
  logFailure: { code: string; message: string } | null = null,
): JsonResult {
  return {
    answer: result.answer,
    stopReason: result.stopReason,
    iterations: result.iterations,
    subcalls: result.subcalls,
    usage: {
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      cachedInputTokens: result.usage.cachedInputTokens,
      costUsd: result.costUsd,
    },
    durationMs: Math.round(result.durationMs),
    logFile,
    logError: logFailure ? { code: logFailure.code, message: logFailure.message } : null,
    error: result.error ? { code: result.error.code, message: result.error.message } : null,
  };
}

/** A `--json` result for failures before any run started (bad input, no model). */
export function failureJson(code: string, message: string): JsonResult {
  return {
    answer: null,
    stopReason: 'error',
    iterations: 0,
    subcalls: 0,
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: null },
    durationMs: 0,
    logFile: null,
    logError: null,
    error: { code, message },
  };
}
