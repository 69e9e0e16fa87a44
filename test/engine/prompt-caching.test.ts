import { describe, expect, it } from 'vitest';
import { costOf, findModelInfo, type Usage } from '../../src/engine/index.ts';
import { eventsOf } from '../support/engine-helpers.ts';
import { repl } from '../support/mock-models.ts';
import { sequence, type ScriptedRequest } from '../support/openai-test-server.ts';
import { anthropicRlmAt, openaiRlmAt, rlmAt } from '../support/http-rlm.ts';
import { startSharedTestServer } from '../support/shared-test-server.ts';

const server = await startSharedTestServer(undefined, { promptCache: true });

const TURNS = 10;

/** Nine turns that each add a sizeable REPL output to the history, then the answer. */
function tenTurns() {
  const turns = Array.from({ length: TURNS - 1 }, (_, turn) => ({
    text: repl(`print("turn ${turn} " + "data ".repeat(400))`),
  }));
  return sequence([...turns, { text: 'FINAL(done)' }]);
}

function rootUsages(trajectory: Parameters<typeof eventsOf>[0]): Usage[] {
  return eventsOf(trajectory, 'llm_call_end')
    .filter((event) => event.purpose === 'root' || event.purpose === 'final_answer')
    .map((event) => event.usage);
}

function cachedShare(usages: Usage[]): number {
  const input = usages.reduce((sum, usage) => sum + usage.inputTokens, 0);
  return usages.reduce((sum, usage) => sum + usage.cachedInputTokens, 0) / input;
}

/** Each request's serialized history is a byte prefix of the next one's (minus the closing bracket). */
function expectGrowingPrefix(serialized: string[]): void {
  expect(serialized).toHaveLength(TURNS);
  for (let turn = 0; turn + 1 < serialized.length; turn++) {
    const current = serialized[turn] ?? '';
    const next = serialized[turn + 1] ?? '';
    expect(next.startsWith(current.slice(0, -1))).toBe(true);
  }
}

describe('prompt caching over HTTP', () => {
  it('marks Anthropic breakpoints so each turn reads the earlier ones from the cache, at the cached price', async () => {
    server.setScript(tenTurns());
    const rlm = anthropicRlmAt(server.baseURL);
    const result = await rlm.completion('Q?', { context: 'x' });
    expect(result.answer).toBe('done');

    const bodies = server.requests.map((request) => request.body as { system: unknown[]; messages: unknown[] });
    // Two breakpoints per request: after the instructions and after the newest message.
    for (const body of bodies) expect(JSON.stringify(body).match(/"cache_control"/g)).toHaveLength(2);
    expect(JSON.stringify(bodies[0]?.system)).toContain('"cache_control":{"type":"ephemeral"}');

    const usages = rootUsages(result.trajectory);
    expect(usages).toHaveLength(TURNS);
    expect(usages[0]?.cachedInputTokens).toBe(0);
    for (let turn = 1; turn < TURNS; turn++) {
      expect(usages[turn]?.cachedInputTokens).toBeGreaterThan(usages[turn - 1]?.cachedInputTokens ?? 0);
    }
    // Each turn writes its new messages to the cache: Anthropic bills those tokens at 1.25 × the input price.
    for (const usage of usages) expect(usage.cacheWriteTokens ?? 0).toBeGreaterThan(0);
    const price = findModelInfo('anthropic:claude-sonnet-4-5').price;
    expect(price?.cacheWrite).toBeCloseTo((price?.input ?? 0) * 1.25);
    const byHand = usages.reduce((sum, usage) => {
      const written = usage.cacheWriteTokens ?? 0;
      const plain = usage.inputTokens - usage.cachedInputTokens - written;
      const input = plain * 3 + usage.cachedInputTokens * 0.3 + written * 3.75;
      return sum + (input + usage.outputTokens * 15) / 1e6;
    }, 0);
    expect(result.costUsd).toBeCloseTo(byHand, 10);
    const uncached = usages.reduce(
      (sum, usage) => sum + (costOf({ ...usage, cachedInputTokens: 0, cacheWriteTokens: 0 }, price) ?? 0),
      0,
    );
    expect(result.costUsd).toBeLessThan(uncached);
    console.log(`anthropic: ${(100 * cachedShare(usages)).toFixed(1)}% of root input tokens read from cache`);
  });

  it('keeps Chat Completions requests byte-prefix stable, so automatic caching reads the earlier turns', async () => {
    server.setScript(tenTurns());
    const rlm = rlmAt(server.baseURL);
    const result = await rlm.completion('Q?', { context: 'x' });
    expect(result.answer).toBe('done');
    expect(server.requests.every((request: ScriptedRequest) => request.api === 'chat')).toBe(true);
    expectGrowingPrefix(
      server.requests.map((request) => JSON.stringify((request.body as { messages: unknown }).messages)),
    );
    const usages = rootUsages(result.trajectory);
    expect(usages.at(-1)?.cachedInputTokens).toBeGreaterThan(0);
    console.log(`chat completions: ${(100 * cachedShare(usages)).toFixed(1)}% of root input tokens read from cache`);
  });

  it('keeps Responses requests byte-prefix stable', async () => {
    server.setScript(tenTurns());
    const rlm = openaiRlmAt(server.baseURL);
    const result = await rlm.completion('Q?', { context: 'x' });
    expect(result.answer).toBe('done');
    expect(server.requests.every((request) => request.api === 'responses')).toBe(true);
    const bodies = server.requests.map((request) => request.body as { instructions?: unknown; input: unknown });
    expect(new Set(bodies.map((body) => JSON.stringify(body.instructions ?? null))).size).toBe(1);
    expectGrowingPrefix(bodies.map((body) => JSON.stringify(body.input)));
    const usages = rootUsages(result.trajectory);
    console.log(`responses: ${(100 * cachedShare(usages)).toFixed(1)}% of root input tokens read from cache`);
  });
});
