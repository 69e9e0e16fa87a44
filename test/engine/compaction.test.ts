import { describe, expect, it } from 'vitest';
import { createRlm } from '../../src/engine/index.ts';
import { eventsOf, lastUser, onlyEvent, resolverOf, type Prompt } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

const OUTPUT_CHARS = 20_000;

/**
 * A root that prints 20,000 characters a turn for `turns` turns, answers summary requests, and finally reads
 * `history` back in code. Every request it receives is kept with the input tokens the mock reports (chars / 4).
 */
function longRun(turns: number) {
  const requests: Array<{ prompt: Prompt; tokens: number; summary: boolean }> = [];
  let turn = 0;
  const model = mockModel(({ messages, text }) => {
    const summary = lastUser(messages).includes('replaced by a summary you write now');
    requests.push({ prompt: messages, tokens: Math.ceil(text.length / 4), summary });
    if (summary) return `Summary: printed ${turn} blocks of x so far; variable seen holds the count.`;
    turn += 1;
    if (turn <= turns)
      return repl(
        `globalThis.seen = (globalThis.seen ?? 0) + 1;\nprint("${String(turn % 10)}".repeat(${OUTPUT_CHARS}))`,
      );
    return repl(
      'const mine = typeof history === "undefined" ? [] : history.at(-1).messages;\nFINAL([seen, mine.length, mine.filter((m) => m.content.includes("1".repeat(100))).length].join(","))',
    );
  }, 'root');
  return { model, requests };
}

describe('compaction', () => {
  it('keeps every root request of a 30-turn run with 20,000-char outputs under an 8k window, history readable', async () => {
    const { model, requests } = longRun(30);
    const rlm = createRlm({
      model: 'root',
      rootContextWindow: 8_000,
      maxIterations: 40,
      resolveModel: resolverOf({ root: model }),
    });
    const result = await rlm.completion('Print a lot, then count.', { context: 'ctx' });

    expect(result.stopReason).toBe('final');
    // 30 printing turns ran; `history` holds the full transcript as of the last compaction (question, then reply and
    // observation per turn), with the outputs of the turns that printed "1…" uncut.
    const [seen, messages, ones] = (result.answer ?? '').split(',').map(Number);
    expect(seen).toBe(30);
    expect(messages).toBeGreaterThan(50);
    expect(ones).toBe(3);
    const largest = Math.max(...requests.map((request) => request.tokens));
    expect(largest).toBeLessThanOrEqual(8_000);
    const compactions = eventsOf(result.trajectory, 'compaction');
    expect(compactions.length).toBeGreaterThan(5);
    for (const compaction of compactions) {
      expect(compaction.tokensAfter).toBeLessThan(compaction.tokensBefore);
      expect(compaction.summary).toContain('Summary: printed');
    }
    // The question and instructions stay: every root request still starts with them.
    for (const request of requests) {
      expect(request.prompt[0]?.role).toBe('system');
      expect(request.prompt[1]?.content).toContain('Question: Print a lot, then count.');
    }
    // Summaries are root calls with their own purpose, and their cost is counted like any root call.
    const purposes = eventsOf(result.trajectory, 'llm_call_end').map((event) => event.purpose);
    expect(purposes.filter((purpose) => purpose === 'compaction')).toHaveLength(compactions.length);
    const summaryTokens = eventsOf(result.trajectory, 'llm_call_end')
      .filter((event) => event.purpose === 'compaction')
      .reduce((sum, event) => sum + event.usage.inputTokens, 0);
    expect(summaryTokens).toBeGreaterThan(0);
    expect(result.breakdown.byDepth[0]?.calls).toBe(requests.length);
  });

  it('does nothing below the threshold', async () => {
    const { model } = longRun(3);
    const rlm = createRlm({ model: 'root', resolveModel: resolverOf({ root: model }) });
    const result = await rlm.completion('Print a little.', { context: 'ctx' });
    expect(eventsOf(result.trajectory, 'compaction')).toHaveLength(0);
    expect(result.answer).toBe('3,0,0');
  });

  it('compacts earlier turns at the configured threshold and tells the model where the full messages are', async () => {
    const { model, requests } = longRun(4);
    const rlm = createRlm({
      model: 'root',
      rootContextWindow: 40_000,
      compactionThreshold: 0.3,
      resolveModel: resolverOf({ root: model }),
    });
    const result = await rlm.completion('Print some.', { context: 'ctx' });
    const compaction = eventsOf(result.trajectory, 'compaction')[0];
    expect(compaction?.tokensBefore).toBeGreaterThan(12_000);
    const after = requests.find((request, index) => index > 0 && requests[index - 1]?.summary);
    expect(after?.prompt[2]?.role).toBe('assistant');
    expect(after?.prompt[2]?.content).toContain('history[0].messages');
    expect(after?.prompt[2]?.content).toContain('Summary: printed');
    expect(onlyEvent(result.trajectory, 'run_end').stopReason).toBe('final');
  });
});
