import type { RlmEvent, RlmEventOf } from '../events.ts';
import type { StopReason, UsageBreakdown } from '../types.ts';
import { UsageLedger } from '../usage/usage.ts';

export interface TrajectorySummary {
  question: string | null;
  answer: string | null;
  stopReason: StopReason | null;
  /** Root iterations seen. */
  iterations: number;
  subcalls: number;
  /** Usage and cost by depth and model, rebuilt from the calls themselves (so partial logs have it too). */
  usage: UsageBreakdown;
  durationMs: number | null;
  /** No run_end: the run crashed or was interrupted. */
  partial: boolean;
  error: { code: string; message: string } | null;
}

export function summarizeTrajectory(events: RlmEvent[]): TrajectorySummary {
  const ledger = new UsageLedger();
  let iterations = 0;
  let subcalls = 0;
  let start: RlmEventOf<'run_start'> | undefined;
  let end: RlmEventOf<'run_end'> | undefined;
  let error: TrajectorySummary['error'] = null;
  for (const event of events) {
    if (event.type === 'llm_call_end')
      ledger.record({ depth: event.depth, model: event.model, usage: event.usage, costUsd: event.costUsd });
    else if (event.type === 'iteration_start' && event.depth === 0) iterations = Math.max(iterations, event.iteration);
    else if (event.type === 'subcall_start') subcalls += 1;
    else if (event.type === 'run_start' && event.depth === 0) start = event;
    else if (event.type === 'run_end' && event.depth === 0) end = event;
    else if (event.type === 'error' && event.depth === 0) error = { code: event.code, message: event.message };
  }
  const first = events[0];
  const last = events.at(-1);
  return {
    question: start?.question ?? null,
    answer: end?.answer ?? null,
    stopReason: end?.stopReason ?? null,
    iterations,
    subcalls,
    usage: ledger.snapshot(),
    durationMs: end?.durationMs ?? (first && last ? last.ts - first.ts : null),
    partial: end === undefined,
    error: end?.error ?? error,
  };
}
