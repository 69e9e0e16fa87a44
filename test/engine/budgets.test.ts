import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderResolver, createRlm } from '../../src/engine/index.ts';
import { eventsOf, lastUser, onlyEvent, resolverOf, waitFor } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';
import { startTestServer, type TestServer } from '../support/openai-test-server.ts';

describe('maxSubcalls', () => {
  it('fails the extra call in the sandbox, stops with budget, and asks the root once for its best answer', async () => {
    const subCalls: string[] = [];
    const sub = mockModel(({ messages }) => {
      subCalls.push(lastUser(messages));
      return `ok ${lastUser(messages)}`;
    }, 'sub');
    const root = mockModel(
      [
        repl(
          'const a = await llm_query("one");\nconst b = await llm_query("two");\nlet failure = "none";\ntry { await llm_query("three") } catch (error) { failure = error.message }\nprint("third call:", failure)',
        ),
        'FINAL(best effort from one and two)',
      ],
      'root',
    );
    const rlm = createRlm({ model: 'root', subModel: 'sub', maxSubcalls: 2, resolveModel: resolverOf({ root, sub }) });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(subCalls).toEqual(['one', 'two']);
    expect(result.stopReason).toBe('budget');
    expect(result.answer).toBe('best effort from one and two');
    expect(result.error?.code).toBe('budget_exhausted');
    expect(result.error?.message).toContain('sub-call limit (2 sub-calls)');
    expect(result.subcalls).toBe(2);
    const output = eventsOf(result.trajectory, 'repl_output')[0];
    expect(output?.output).toMatch(/third call: .*sub-call limit/);
    const purposes = eventsOf(result.trajectory, 'llm_call_start').map((event) => event.purpose);
    expect(purposes.filter((purpose) => purpose === 'final_answer')).toHaveLength(1);
    expect(purposes.filter((purpose) => purpose === 'root')).toHaveLength(1);
    const last = eventsOf(result.trajectory, 'llm_call_start').at(-1);
    expect(last?.messages.at(-1)?.content).toContain('reached one of its limits');
    expect(onlyEvent(result.trajectory, 'final').source).toBe('forced');
    expect(onlyEvent(result.trajectory, 'budget_warning')).toMatchObject({ limit: 'subcalls', used: 2, max: 2 });
  });
});

describe('token and cost limits', () => {
  it('stops on maxTokens after warning at 80%', async () => {
    const root = mockModel(
      [
        { text: repl('const s = await llm_query("small");\nprint(s)'), usage: { input: 1_000, output: 100 } },
        { text: repl('print("spent")'), usage: { input: 1_000, output: 100 } },
        { text: 'FINAL(never reached)', usage: { input: 1, output: 1 } },
      ],
      'root',
    );
    const sub = mockModel([{ text: 'tiny', usage: { input: 200, output: 50 } }], 'sub');
    const rlm = createRlm({
      model: 'root',
      subModel: 'sub',
      maxTokens: 1_500,
      resolveModel: resolverOf({ root, sub }),
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('budget');
    expect(result.error?.code).toBe('budget_exhausted');
    expect(result.error?.message).toContain('token limit (1500 tokens)');
    expect(result.usage.inputTokens + result.usage.outputTokens).toBe(2_450);
    expect(result.answer).toBeNull();
    expect(root.doStreamCalls.length + root.doGenerateCalls.length).toBe(2);
    // 1,100 tokens (73%) gave no warning; 1,350 (90%) did, once.
    expect(onlyEvent(result.trajectory, 'budget_warning')).toMatchObject({ limit: 'tokens', used: 1_350, max: 1_500 });
    const types = result.trajectory.map((event) => event.type);
    expect(types.indexOf('budget_warning')).toBeLessThan(types.lastIndexOf('llm_call_end'));
  });

  it('stops on maxCostUsd using the price table entry of the mock model', async () => {
    const reply = (text: string) => ({ text, usage: { input: 600_000, output: 100_000 } });
    const root = mockModel(
      [reply(repl('print(1)')), reply(repl('print(2)')), reply(repl('print(3)')), reply('FINAL(too late)')],
      'priced-root',
    );
    const rlm = createRlm({
      model: 'priced-root',
      maxCostUsd: 1.5,
      // The mock reports 600k-token requests: a window that holds them keeps compaction out of this test.
      rootContextWindow: 10_000_000,
      prices: { 'priced-root': { input: 1, output: 2 } },
      resolveModel: resolverOf({ 'priced-root': root }),
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    // $0.80 per call: 0.80 (53%), then 1.60 is over the limit: the run stops before a third call.
    expect(result.stopReason).toBe('budget');
    expect(result.error?.code).toBe('budget_exhausted');
    expect(result.error?.message).toContain('cost limit ($1.5)');
    expect(result.costUsd).toBeCloseTo(1.6, 10);
    expect(eventsOf(result.trajectory, 'llm_call_end').map((event) => event.costUsd)).toEqual([
      expect.closeTo(0.8, 10),
      expect.closeTo(0.8, 10),
    ]);
    expect(result.answer).toBeNull();
  });

  it('warns at 80% of the cost limit before exhausting it', async () => {
    const reply = (text: string) => ({ text, usage: { input: 450_000, output: 0 } });
    const root = mockModel(
      [reply(repl('print(1)')), reply(repl('print(2)')), reply(repl('print(3)')), reply('FINAL(x)')],
      'priced-root',
    );
    const rlm = createRlm({
      model: 'priced-root',
      maxCostUsd: 1,
      rootContextWindow: 10_000_000,
      prices: { 'priced-root': { input: 1, output: 1 } },
      resolveModel: resolverOf({ 'priced-root': root }),
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    // 0.45, 0.90 (warning), 1.35 (exhausted)
    expect(onlyEvent(result.trajectory, 'budget_warning')).toMatchObject({
      limit: 'cost',
      used: expect.closeTo(0.9, 10),
      max: 1,
    });
    expect(result.stopReason).toBe('budget');
    expect(eventsOf(result.trajectory, 'llm_call_end')).toHaveLength(3);
  });
});

describe('timeoutMs', () => {
  it('stops a run whose model is too slow with stopReason timeout', async () => {
    // Far longer than the test's own time limit: waiting for the call instead of cancelling it fails the test.
    const root = mockModel([{ text: 'FINAL(slow)', delayMs: 10 * 60_000 }], 'root');
    const rlm = createRlm({ model: 'root', timeoutMs: 800, resolveModel: resolverOf({ root }) });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('timeout');
    expect(result.error?.code).toBe('timeout');
    expect(result.answer).toBeNull();
    expect(onlyEvent(result.trajectory, 'budget_warning').limit).toBe('time');
    // The slow call was cancelled, not waited for.
    expect(onlyEvent(result.trajectory, 'llm_call_end')).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });
});

describe('cancellation by the caller', () => {
  it('stops with aborted when the signal passed to start() fires during a call', async () => {
    const root = mockModel([{ text: 'FINAL(too slow)', delayMs: 10 * 60_000 }], 'root');
    const controller = new AbortController();
    const run = createRlm({ model: 'root', resolveModel: resolverOf({ root }) }).start('Q?', {
      context: 'x',
      signal: controller.signal,
    });
    run.subscribe((event) => {
      if (event.type === 'llm_call_start') controller.abort();
    });
    const result = await run.result;

    expect(result.stopReason).toBe('aborted');
    expect(result.error?.code).toBe('aborted');
    expect(result.answer).toBeNull();
  });

  it('stops at once when the signal was aborted before the run started', async () => {
    const root = mockModel(['FINAL(should not run)'], 'root');
    const result = await createRlm({ model: 'root', resolveModel: resolverOf({ root }) }).completion('Q?', {
      context: 'x',
      signal: AbortSignal.abort(),
    });
    expect(result.stopReason).toBe('aborted');
    expect(root.doStreamCalls).toHaveLength(0);
  });
});

describe('over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('abort() mid-run cancels the sub-calls in flight: stopReason aborted, and the server sees them aborted', async () => {
    server.resetStats();
    server.setScript((request) =>
      request.system?.includes('REPL')
        ? { text: repl('const answers = await llm_query_batched(["a", "b", "c", "d", "e"]);\nFINAL(answers)') }
        : { hang: true },
    );
    const rlm = createRlm({
      model: 'local-model',
      resolveModel: createProviderResolver({ baseUrl: server.baseURL }),
      retry: { maxRetries: 0 },
    });
    const run = rlm.start('Q?', { context: 'x' });
    await waitFor(() => server.stats.inFlight === 5, 'five sub-calls in flight');
    run.abort('user pressed Ctrl-C');
    const result = await run.result;

    expect(result.stopReason).toBe('aborted');
    expect(result.error?.code).toBe('aborted');
    expect(result.answer).toBeNull();
    await waitFor(() => server.stats.aborted === 5, 'the server to see five aborted requests');
    expect(server.stats.inFlight).toBe(0);
    expect(server.stats.completed).toBe(1);
    const ends = eventsOf(result.trajectory, 'subcall_end');
    expect(ends).toHaveLength(5);
    expect(ends.every((event) => !event.ok)).toBe(true);
  });

  it('timeoutMs cancels the sub-calls in flight too', async () => {
    server.resetStats();
    server.setScript((request) =>
      request.system?.includes('REPL')
        ? { text: repl('FINAL(await llm_query_batched(["a", "b", "c"]))') }
        : { hang: true },
    );
    const rlm = createRlm({
      model: 'local-model',
      timeoutMs: 1_000,
      resolveModel: createProviderResolver({ baseUrl: server.baseURL }),
      retry: { maxRetries: 0 },
      // The one second must not go on booting a sandbox process on a loaded machine: the sub-calls are the point.
      sandbox: { isolation: 'in-process' },
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('timeout');
    expect(result.error?.code).toBe('timeout');
    await waitFor(() => server.stats.aborted === 3, 'the server to see three aborted requests');
    expect(server.stats.inFlight).toBe(0);
  });

  it('a call that never finishes, with a small callTimeoutMs and no retries, stops with provider_failed', async () => {
    server.resetStats();
    server.setScript(() => ({ hang: true }));
    const rlm = createRlm({
      model: 'local-model',
      resolveModel: createProviderResolver({ baseUrl: server.baseURL }),
      callTimeoutMs: 300,
      retry: { maxRetries: 0 },
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('error');
    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toContain('The model call took longer than 300 ms');
    await waitFor(() => server.stats.aborted === 1, 'the hung request to be aborted');
    expect(onlyEvent(result.trajectory, 'error').code).toBe('provider_failed');
  });
});
