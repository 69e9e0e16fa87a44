import { describe, expect, it } from 'vitest';
import { summarizeBatch } from '../../src/ui/components/batch-summary.ts';
import { EMPTY_USAGE, type SubcallView } from '../../src/ui/state/run-state.ts';
import { foldEvents } from '../../src/ui/index.ts';
import { loadEvents } from './support.ts';

const base: SubcallView = {
  id: 's0',
  rlmId: 'r0',
  kind: 'llm_query',
  mode: 'llm',
  model: 'sub',
  prompt: 'p',
  depth: 1,
  iteration: 1,
  blockIndex: 0,
  batchId: 'b0',
  batchIndex: 0,
  status: 'running',
  callPhase: null,
  startedAt: 0,
  latencyMs: null,
  retries: 0,
  cached: false,
  usage: EMPTY_USAGE,
  costUsd: 0,
  response: null,
  error: null,
  childRlmId: null,
  callIds: [],
};
const item = (overrides: Partial<SubcallView>): SubcallView => ({ ...base, ...overrides });

describe('summarizeBatch (the batch line, gathered in one pass)', () => {
  it('counts each state, times only finished requests and loses the cost once one is unknown', () => {
    const summary = summarizeBatch([
      item({
        status: 'done',
        callPhase: 'ended',
        latencyMs: 40,
        usage: { ...base.usage, inputTokens: 5, outputTokens: 2 },
      }),
      item({ status: 'failed', callPhase: 'ended', latencyMs: 10, retries: 2 }),
      item({ status: 'done', callPhase: 'ended', latencyMs: null, cached: true }),
      item({ callPhase: 'sent', latencyMs: 999 }),
      item({ callPhase: 'retrying', retries: 1 }),
      item({}),
    ]);
    expect(summary.states).toEqual(['done', 'failed', 'done', 'running', 'retrying', 'queued']);
    expect(summary.counts).toEqual({ done: 2, failed: 1, running: 1, retrying: 1, queued: 1 });
    expect(summary).toMatchObject({ finished: 3, retried: 2, cached: 1, tokens: 7, cost: 0 });
    expect(summary.latency).toEqual({ p50: 10, p95: 40 });
    expect(summarizeBatch([item({ costUsd: 0.5 }), item({ costUsd: null })]).cost).toBeNull();
    expect(summarizeBatch([]).latency).toBeNull();
  });

  it('matches the folded 1,000-call log: every item finished, tokens and cost summed', () => {
    const view = foldEvents(loadEvents('map-1000'));
    const [batchId, ids] = Object.entries(view.batches)[0] ?? ['', []];
    const items = ids.map((id) => view.subcalls[id]).filter((s): s is SubcallView => Boolean(s));
    const summary = summarizeBatch(items);
    expect(batchId).not.toBe('');
    expect(summary.finished).toBe(1000);
    expect(summary.counts.done + summary.counts.failed).toBe(1000);
    expect(summary.tokens).toBe(items.reduce((sum, s) => sum + s.usage.inputTokens + s.usage.outputTokens, 0));
    expect(summary.latency).not.toBeNull();
  });
});
