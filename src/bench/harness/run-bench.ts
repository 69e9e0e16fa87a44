import { createCallLimiter, type ModelResolver, type PriceTable } from '../../engine/internal.ts';
import pLimit from 'p-limit';
import { SUITES } from '../suites/index.ts';
import type { BenchTask, SuiteName } from '../suites/types.ts';
import type { Method } from './options.ts';
import type { TaskRecord } from './record.ts';
import { runTask } from './run-task.ts';

export interface BenchPlan {
  suites: SuiteName[];
  lengths: number[];
  seeds: number;
  methods: Method[];
}

export interface BenchRunOptions {
  model: string;
  subModel: string;
  baseModel: string;
  baseWindow?: number | undefined;
  resolveModel: ModelResolver;
  /** Model calls in flight across all tasks; tasks themselves run up to this many at once too. */
  concurrency: number;
  maxIterations?: number | undefined;
  maxCostUsd?: number | undefined;
  prices: PriceTable;
  onRecord?: (record: TaskRecord, done: number, total: number) => void;
}

/** Every (suite, length, seed) task, generated deterministically. */
export function generateTasks(plan: Pick<BenchPlan, 'suites' | 'lengths' | 'seeds'>): BenchTask[] {
  const tasks: BenchTask[] = [];
  for (const suite of plan.suites)
    for (const targetTokens of plan.lengths)
      for (let seed = 1; seed <= plan.seeds; seed += 1) tasks.push(SUITES[suite].generate({ seed, targetTokens }));
  return tasks;
}

/**
 * Runs every task with every method, concurrently: all model calls of all tasks share one concurrency gate, so a
 * bench uses the provider as hard as a single run would and no harder.
 */
export async function runBench(tasks: BenchTask[], methods: Method[], options: BenchRunOptions): Promise<TaskRecord[]> {
  const callLimiter = createCallLimiter(options.concurrency);
  const taskLimit = pLimit(Math.max(1, options.concurrency));
  const jobs = tasks.flatMap((task) => methods.map((method) => ({ task, method })));
  const shortcuts = new Map(
    tasks.map((task) => [task.id, SUITES[task.suite].score(task, SUITES[task.suite].shortcut(task)).correct]),
  );
  let done = 0;
  const records = await Promise.all(
    jobs.map(({ task, method }) =>
      taskLimit(async () => {
        const record = await runTask(
          task,
          SUITES[task.suite],
          method,
          { ...options, callLimiter },
          shortcuts.get(task.id) ?? false,
        );
        done += 1;
        options.onRecord?.(record, done, jobs.length);
        return record;
      }),
    ),
  );
  // A task's base result tells whether it leaks: copy it onto the task's other records.
  const baseCorrect = new Map(
    records
      .filter((record) => record.method === 'base')
      .map((record) => [record.taskId, record.overflow ? false : record.correct]),
  );
  return records.map((record) => ({
    ...record,
    leakage: { ...record.leakage, base: baseCorrect.get(record.taskId) ?? null },
  }));
}
