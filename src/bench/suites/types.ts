export type SuiteName = 'sniah' | 'oolong-lite' | 'pairs-lite' | 'multihop-docs';

export interface BenchTask {
  /** `${suite}-${targetTokens}-${seed}` */
  id: string;
  suite: SuiteName;
  seed: number;
  targetTokens: number;
  /** Counted with o200k (for documents: the sum over their contents). */
  contextTokens: number;
  context: string | Array<{ path: string; content: string }>;
  question: string;
  /** Ground truth in whatever shape the suite's scorer needs. */
  expected: unknown;
  /**
   * Suite-specific facts about the task. `meta.query` always holds the question's parameters in structured form
   * (nothing the question does not say); the rest is generator truth kept for oracles and debugging.
   */
  meta: Record<string, unknown>;
}

export interface SuiteScore {
  score: number;
  correct: boolean;
  detail?: string;
}

export interface Suite {
  name: SuiteName;
  /** Deterministic for a seed; the context reaches `targetTokens` within ±5%. */
  generate(options: { seed: number; targetTokens: number }): BenchTask;
  score(task: BenchTask, prediction: string | null): SuiteScore;
  /** A regex-only shortcut over the raw context (no model): its answer, scored by `score`, reveals tasks that do not need recursion. */
  shortcut(task: BenchTask): string | null;
  /** The ground truth written as a model should answer (what `score` rates 1.0): used by the oracle models and tests. */
  reference(task: BenchTask): string;
}
