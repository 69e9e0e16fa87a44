import { percentiles } from '../format.ts';
import type { SubcallView } from '../state/run-state.ts';
import { subcallState, type SubcallState } from './subcall-tree.tsx';

/** What a batch's aggregate line shows, gathered in one pass over its items (a batch may hold 1,000 calls). */
export interface BatchSummary {
  states: SubcallState[];
  counts: Record<SubcallState, number>;
  finished: number;
  retried: number;
  cached: number;
  latency: { p50: number; p95: number } | null;
  tokens: number;
  /** Null once any item's cost is unknown. */
  cost: number | null;
}

export function summarizeBatch(items: SubcallView[]): BatchSummary {
  const states: SubcallState[] = [];
  const counts: Record<SubcallState, number> = { queued: 0, running: 0, retrying: 0, done: 0, failed: 0 };
  const latencies: number[] = [];
  let finished = 0;
  let retried = 0;
  let cached = 0;
  let tokens = 0;
  let cost: number | null = 0;
  for (const item of items) {
    const state = subcallState(item);
    states.push(state);
    counts[state] += 1;
    if (item.status !== 'running') {
      finished += 1;
      // Requests' own times: a call that never left the queue has none.
      if (item.latencyMs !== null) latencies.push(item.latencyMs);
    }
    if (item.retries > 0) retried += 1;
    if (item.cached) cached += 1;
    tokens += item.usage.inputTokens + item.usage.outputTokens;
    cost = cost === null || item.costUsd === null ? null : cost + item.costUsd;
  }
  return { states, counts, finished, retried, cached, latency: percentiles(latencies), tokens, cost };
}
