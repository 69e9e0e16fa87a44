import { describe, expect, it } from 'vitest';
import type { RlmConfig } from '../../src/engine/index.ts';
import { eventsOf, onlyEvent, sumUsage } from '../support/engine-helpers.ts';
import { repl } from '../support/mock-models.ts';
import { sequence } from '../support/openai-test-server.ts';
import { anthropicRlmAt, FAST_RETRY, isRootCall, openaiRlmAt, rlmAt, rootAndSubs } from '../support/http-rlm.ts';
import { startSharedTestServer } from '../support/shared-test-server.ts';

const server = await startSharedTestServer();

const compatibleRlm = (config: Partial<RlmConfig> = {}) => rlmAt(server.baseURL, config);

describe('retries over HTTP', () => {
  it('waits out a 429 with retry-after, then succeeds; the retry shows in the events', async () => {
    server.setScript(
      sequence([
        { status: 429, text: 'Slow down', headers: { 'retry-after': '1' } },
        { text: 'FINAL(after the wait)' },
      ]),
    );
    const result = await compatibleRlm({ retry: { initialDelayMs: 10, maxDelayMs: 5_000 } }).completion('Q?', {
      context: 'x',
    });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe('after the wait');
    expect(server.requests).toHaveLength(2);
    const retry = onlyEvent(result.trajectory, 'llm_call_retry');
    expect(retry.attempt).toBe(1);
    // The server asked for one second; the policy's own backoff would have been ~10 ms.
    expect(retry.delayMs).toBe(1_000);
    expect(retry.reason).toContain('429');
    const end = onlyEvent(result.trajectory, 'llm_call_end');
    expect(end).toMatchObject({ ok: true, retries: 1, callId: retry.callId });
  });

  it('gives up after maxRetries on repeated 500s: stopReason error, provider_failed, the message names the retries', async () => {
    server.setScript(() => ({ status: 500, text: 'The server is on fire' }));
    const result = await compatibleRlm({ retry: { ...FAST_RETRY, maxRetries: 2 } }).completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('error');
    expect(result.answer).toBeNull();
    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toContain('HTTP 500');
    expect(result.error?.message).toContain('after 2 retries');
    expect(server.requests).toHaveLength(3);
    expect(eventsOf(result.trajectory, 'llm_call_retry').map((event) => event.attempt)).toEqual([1, 2]);
    // Each attempt takes a slot again and says so.
    expect(eventsOf(result.trajectory, 'llm_call_sent').map((event) => event.attempt)).toEqual([0, 1, 2]);
    const end = onlyEvent(result.trajectory, 'llm_call_end');
    expect(end).toMatchObject({ ok: false, retries: 2, error: { code: 'provider_failed' } });
    expect(onlyEvent(result.trajectory, 'run_end').error?.code).toBe('provider_failed');
  });

  it('does not retry a 400', async () => {
    server.setScript(() => ({ status: 400, text: 'Bad request body' }));
    const result = await compatibleRlm({ retry: { ...FAST_RETRY, maxRetries: 3 } }).completion('Q?', { context: 'x' });
    expect(result.error?.code).toBe('provider_failed');
    expect(server.requests).toHaveLength(1);
  });
});

describe('usage and cost over HTTP', () => {
  const rootUsage = { inputTokens: 1_000, outputTokens: 60, cachedInputTokens: 400, reasoningTokens: 20 };
  const subUsage = { inputTokens: 300, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 5 };
  const script = () =>
    rootAndSubs(
      [
        {
          text: repl('const parts = await llm_query_batched(["one", "two", "three"]);\nprint(parts)'),
          usage: rootUsage,
        },
        { text: 'FINAL(counted)', usage: rootUsage },
      ],
      (request) => ({ text: `sub answer to ${request.messages.at(-1)?.content}`, usage: subUsage }),
    );

  it.each([
    { stream: true, name: 'streaming' },
    { stream: false, name: 'non-streaming' },
  ])('$name: each call reports the exact scripted usage and the run sums them exactly', async ({ stream }) => {
    server.setScript(script());
    const result = await compatibleRlm({ stream }).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('counted');
    // Root calls stream when streaming is on (for the live view); sub-calls are always plain requests.
    expect(server.requests.filter(isRootCall).map((request) => request.stream)).toEqual([stream, stream]);
    expect(server.requests.filter((request) => !isRootCall(request)).map((request) => request.stream)).toEqual([
      false,
      false,
      false,
    ]);

    const ends = eventsOf(result.trajectory, 'llm_call_end');
    expect(ends.filter((event) => event.purpose === 'root').map((event) => event.usage)).toEqual([
      rootUsage,
      rootUsage,
    ]);
    expect(ends.filter((event) => event.purpose === 'sub').map((event) => event.usage)).toEqual([
      subUsage,
      subUsage,
      subUsage,
    ]);
    expect(result.usage).toEqual(sumUsage(ends.map((event) => event.usage)));
    expect(result.usage).toEqual({
      inputTokens: 2_900,
      outputTokens: 210,
      cachedInputTokens: 1_100,
      reasoningTokens: 55,
    });
    expect(result.breakdown.byDepth[0]).toMatchObject({ usage: sumUsage([rootUsage, rootUsage]), calls: 2 });
    expect(result.breakdown.byDepth[1]).toMatchObject({ usage: sumUsage([subUsage, subUsage, subUsage]), calls: 3 });
    expect(result.breakdown.byModel['local-model']).toMatchObject({ usage: result.usage, calls: 5 });
    expect(onlyEvent(result.trajectory, 'run_end').usage.total).toEqual(result.usage);
  });

  it('computes the cost from a price table entry', async () => {
    server.setScript(script());
    const price = { input: 2, cachedInput: 0.5, output: 8 };
    const result = await compatibleRlm({ prices: { 'local-model': price } }).completion('Q?', { context: 'x' });

    // Per million tokens; cached input tokens are billed at the cached rate, reasoning as output.
    const rootCost = ((1_000 - 400) * 2 + 400 * 0.5 + 60 * 8) / 1e6;
    const subCost = ((300 - 100) * 2 + 100 * 0.5 + 30 * 8) / 1e6;
    expect(rootCost).toBeCloseTo(0.00188, 12);
    expect(result.costUsd).toBeCloseTo(2 * rootCost + 3 * subCost, 12);
    expect(result.breakdown.byDepth[0]?.costUsd).toBeCloseTo(2 * rootCost, 12);
    expect(result.breakdown.byDepth[1]?.costUsd).toBeCloseTo(3 * subCost, 12);
    const ends = eventsOf(result.trajectory, 'llm_call_end');
    expect(ends.filter((event) => event.purpose === 'root').map((event) => event.costUsd)).toEqual([
      expect.closeTo(rootCost, 12),
      expect.closeTo(rootCost, 12),
    ]);
  });

  it('reports costUsd null when a model has no price', async () => {
    server.setScript(script());
    const result = await compatibleRlm({ model: 'unpriced-local-model' }).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('counted');
    expect(result.costUsd).toBeNull();
    expect(result.breakdown.costUsd).toBeNull();
    expect(result.breakdown.byModel['unpriced-local-model']?.costUsd).toBeNull();
    expect(eventsOf(result.trajectory, 'llm_call_end').every((event) => event.costUsd === null)).toBe(true);
    // The tokens are still counted.
    expect(result.usage.inputTokens).toBe(2_900);
  });

  it('keeps a known cost per model when another model of the run has no price', async () => {
    server.setScript(script());
    const result = await compatibleRlm({
      model: 'local-model',
      subModel: 'mystery-model',
      prices: { 'local-model': { input: 1, output: 1 } },
    }).completion('Q?', { context: 'x' });

    expect(result.costUsd).toBeNull();
    expect(result.breakdown.byModel['local-model']?.costUsd).toBeCloseTo((2 * (1_000 + 60)) / 1e6, 12);
    expect(result.breakdown.byModel['mystery-model']?.costUsd).toBeNull();
    expect(
      server.requests.filter((request) => !isRootCall(request)).every((request) => request.model === 'mystery-model'),
    ).toBe(true);
  });
});

describe('providers over HTTP', () => {
  it('runs parallel sub-calls over real sockets up to the concurrency limit', async () => {
    server.setScript(
      rootAndSubs(
        [
          {
            text: repl(
              'const out = await llm_query_batched(Array.from({ length: 48 }, (_, i) => "q" + i));\nFINAL(out.length)',
            ),
          },
        ],
        () => ({ text: 'ok', delayMs: 100 }),
      ),
    );
    const result = await compatibleRlm({ concurrency: 16 }).completion('Q?', { context: 'x' });

    // Parallelism is what the server saw in flight; how long it took belongs to bench:engine, not to a test.
    expect(result.answer).toBe('48');
    expect(server.stats.completed).toBe(49);
    // Parallel, and never more than asked for (the time this saves is measured in bench/engine.bench.ts).
    expect(server.stats.maxInFlight).toBe(16);
  });

  it('works against the Anthropic Messages API', async () => {
    const usage = { inputTokens: 500, outputTokens: 40, cachedInputTokens: 200, reasoningTokens: 0 };
    server.setScript(
      rootAndSubs(
        [
          { text: repl('const said = await llm_query("hello");\nprint(said)'), usage },
          { text: 'FINAL(claude says hi)', usage },
        ],
        () => ({ text: 'hi there', usage }),
      ),
    );
    const rlm = anthropicRlmAt(server.baseURL);
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe('claude says hi');
    expect(server.requests.map((request) => request.api)).toEqual(['anthropic', 'anthropic', 'anthropic']);
    expect(server.requests.map((request) => request.model)).toEqual([
      'claude-sonnet-4-5',
      'claude-sonnet-4-5',
      'claude-sonnet-4-5',
    ]);
    expect(server.requests[0]?.headers['x-api-key']).toBe('test-key');
    // The system prompt travels as Anthropic's top-level system field.
    expect(server.requests[0]?.messages[0]?.role).toBe('system');
    expect(server.requests[0]?.messages.filter((message) => message.role === 'system')).toHaveLength(1);
    expect(eventsOf(result.trajectory, 'repl_output')[0]?.output).toBe('hi there\n');
    expect(result.usage).toEqual({ inputTokens: 1_500, outputTokens: 120, cachedInputTokens: 600, reasoningTokens: 0 });
    // The built-in price of claude-sonnet-4-5: $3 input, $0.30 cached, $15 output per million.
    expect(result.costUsd).toBeCloseTo((3 * ((500 - 200) * 3 + 200 * 0.3 + 40 * 15)) / 1e6, 12);
  });

  it('works against the OpenAI Responses API for openai: ids', async () => {
    const usage = { inputTokens: 800, outputTokens: 50, cachedInputTokens: 300, reasoningTokens: 10 };
    server.setScript(
      sequence([
        { text: repl('print(context.toUpperCase())'), usage },
        { text: 'FINAL(responses ok)', usage },
      ]),
    );
    const rlm = openaiRlmAt(server.baseURL);
    const result = await rlm.completion('Q?', { context: 'shout' });

    expect(result.answer).toBe('responses ok');
    expect(server.requests.map((request) => request.api)).toEqual(['responses', 'responses']);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(server.requests[1]?.messages.at(-1)?.content).toContain('SHOUT');
    expect(result.usage).toEqual({
      inputTokens: 1_600,
      outputTokens: 100,
      cachedInputTokens: 600,
      reasoningTokens: 20,
    });
    expect(result.costUsd).toBeCloseTo((2 * ((800 - 300) * 0.25 + 300 * 0.025 + 50 * 2)) / 1e6, 12);
  });
});
