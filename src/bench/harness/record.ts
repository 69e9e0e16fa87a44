import type { Method } from './options.ts';

/** One line of results.jsonl: one task solved by one method. */
export interface TaskRecord {
  taskId: string;
  suite: string;
  targetTokens: number;
  contextTokens: number;
  seed: number;
  method: Method;
  score: number;
  correct: boolean;
  /** `base` only: the prompt did not fit the model's window, so no call was made (scored 0). */
  overflow: boolean;
  answer: string | null;
  stopReason: string;
  iterations: number;
  subcalls: number;
  tokensByDepth: Record<string, { input: number; output: number; cached: number }>;
  costUsd: number | null;
  wallMs: number;
  error: string | null;
  /** Would this task be solved without recursion? `regex`: the regex-only shortcut; `base`: the plain call. */
  leakage: { regex: boolean; base: boolean | null };
}
