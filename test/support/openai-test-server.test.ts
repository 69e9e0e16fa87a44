import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, streamText, type LanguageModel } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { sequence, startTestServer, type ScriptedApi } from './openai-test-server.ts';
import { startSharedTestServer } from './shared-test-server.ts';

interface ProviderCase {
  name: string;
  api: ScriptedApi;
  id: string;
  model: (baseURL: string, id: string) => LanguageModel;
  /** Whether the provider surfaces the scripted reasoning text. */
  reasoning: boolean;
}

const providers: ProviderCase[] = [
  {
    name: 'openai-compatible chat',
    api: 'chat',
    id: 'local-model',
    model: (baseURL, id) => createOpenAICompatible({ name: 'local', baseURL, includeUsage: true })(id),
    reasoning: true,
  },
  {
    name: 'openai chat',
    api: 'chat',
    id: 'gpt-4o-mini',
    model: (baseURL, id) => createOpenAI({ baseURL, apiKey: 'test' }).chat(id),
    // @ai-sdk/openai ignores the non-standard `reasoning_content` field.
    reasoning: false,
  },
  {
    name: 'openai responses',
    api: 'responses',
    id: 'gpt-4o-mini',
    model: (baseURL, id) => createOpenAI({ baseURL, apiKey: 'test' })(id),
    reasoning: true,
  },
  {
    name: 'anthropic',
    api: 'anthropic',
    id: 'claude-sonnet-4-5',
    model: (baseURL, id) => createAnthropic({ baseURL, apiKey: 'test' })(id),
    reasoning: true,
  },
  {
    name: 'google',
    api: 'google',
    id: 'gemini-2.5-flash',
    model: (baseURL, id) => createGoogleGenerativeAI({ baseURL, apiKey: 'test' })(id),
    reasoning: true,
  },
];

const usage = { inputTokens: 120, outputTokens: 40, cachedInputTokens: 30, reasoningTokens: 10 };
const reply = { text: 'Hello from the scripted model.', reasoning: 'Thinking it over.', usage };

const server = await startSharedTestServer();

describe.each(providers)('$name', ({ api, id, model: createModel, reasoning }) => {
  const model = (baseURL: string) => createModel(baseURL, id);
  const call = { instructions: 'Be terse.', prompt: 'Say hello.', maxRetries: 0 };

  it('generateText returns the scripted text and usage', async () => {
    server.setScript(() => reply);
    const result = await generateText({ model: model(server.baseURL), ...call });

    expect(result.text).toBe(reply.text);
    expect(result.reasoningText).toBe(reasoning ? reply.reasoning : undefined);
    expect(result.usage.inputTokens).toBe(120);
    expect(result.usage.outputTokens).toBe(40);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(30);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBe(10);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ api, model: id, stream: false, system: 'Be terse.' });
    expect(server.requests[0]?.messages.at(-1)).toEqual({ role: 'user', content: 'Say hello.' });
    expect(server.stats).toMatchObject({ inFlight: 0, completed: 1, aborted: 0 });
  });

  it('streamText streams the scripted text in chunks, with usage', async () => {
    server.setScript(() => ({ ...reply, chunkDelayMs: 5 }));
    const result = streamText({ model: model(server.baseURL), ...call });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);

    expect(chunks.join('')).toBe(reply.text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(await result.reasoningText).toBe(reasoning ? reply.reasoning : undefined);
    const streamed = await result.usage;
    expect(streamed.inputTokens).toBe(120);
    expect(streamed.outputTokens).toBe(40);
    expect(streamed.inputTokenDetails.cacheReadTokens).toBe(30);
    expect(streamed.outputTokenDetails.reasoningTokens).toBe(10);
    expect(server.requests[0]).toMatchObject({ api, model: id, stream: true, system: 'Be terse.' });
  });

  it('reports error statuses in the API-specific error shape', async () => {
    server.setScript(() => ({ status: 401, text: 'Invalid API key (scripted).' }));
    const error = await generateText({ model: model(server.baseURL), ...call }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, message: 'Invalid API key (scripted).', isRetryable: false });
  });
});

const localModel = () => createOpenAICompatible({ name: 'local', baseURL: server.baseURL, includeUsage: true })('m');
const ask = () => generateText({ model: localModel(), prompt: 'hi', maxRetries: 0 });

describe('scripted failures', () => {
  it('estimates usage when none is scripted', async () => {
    server.setScript(() => ({ text: '12345678' }));
    const result = await generateText({ model: localModel(), prompt: 'abcd' });
    expect(result.usage.inputTokens).toBe(1);
    expect(result.usage.outputTokens).toBe(2);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(0);
  });

  it('retries a 429 honouring retry-after, then succeeds', async () => {
    server.setScript(sequence([{ status: 429, headers: { 'retry-after': '0' } }, { text: 'finally' }]));
    const result = await generateText({ model: localModel(), prompt: 'hi', maxRetries: 1 });

    expect(result.text).toBe('finally');
    expect(server.requests).toHaveLength(2);
  });

  it('counts a hung request as aborted as soon as the client aborts', async () => {
    server.setScript(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = generateText({ model: localModel(), prompt: 'hi', abortSignal: controller.signal, maxRetries: 0 });
    await vi.waitFor(() => expect(server.stats.inFlight).toBe(1));
    controller.abort();

    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(server.stats).toMatchObject({ inFlight: 0, aborted: 1, completed: 0 }), {
      timeout: 30_000,
    });
  });

  it('counts a stream the client abandons mid-way as aborted', async () => {
    server.setScript(() => ({ text: 'one two three four five six', chunkDelayMs: 50 }));
    const controller = new AbortController();
    const result = streamText({ model: localModel(), prompt: 'hi', abortSignal: controller.signal, maxRetries: 0 });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) {
      chunks.push(chunk);
      controller.abort();
    }

    expect(chunks).toEqual(['one ']);
    await vi.waitFor(() => expect(server.stats).toMatchObject({ inFlight: 0, aborted: 1, completed: 0 }), {
      timeout: 30_000,
    });
  });

  it('cancels a delay when the client times out', async () => {
    // The delay outlasts the test's own limit: a server that waited it out would fail the test.
    server.setScript(() => ({ delayMs: 10 * 60_000, text: 'too late' }));
    await expect(
      generateText({ model: localModel(), prompt: 'hi', abortSignal: AbortSignal.timeout(100), maxRetries: 0 }),
    ).rejects.toThrow();
    await vi.waitFor(() => expect(server.stats.aborted).toBe(1), { timeout: 30_000 });
  });

  it('destroy gives a retryable network error', async () => {
    server.setScript(() => ({ destroy: true }));
    const error = await ask().catch((e: unknown) => e);

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, message: expect.stringMatching(/Cannot connect to API/) });
    expect(server.stats).toMatchObject({ inFlight: 0, aborted: 0, completed: 0 });
  });

  it('observes parallel requests in maxInFlight', async () => {
    server.setScript(({ index }) => ({ delayMs: 150, text: `reply ${index}` }));
    const results = await Promise.all(Array.from({ length: 4 }, () => ask()));

    expect(new Set(results.map((r) => r.text)).size).toBe(4);
    expect(server.stats).toMatchObject({ inFlight: 0, maxInFlight: 4, completed: 4, aborted: 0 });
  });

  it('sequence() replies in order, then fails clearly', async () => {
    server.setScript(sequence([{ text: 'first' }, { text: 'second' }]));
    expect((await ask()).text).toBe('first');
    expect((await ask()).text).toBe('second');
    await expect(ask()).rejects.toThrow(/no scripted reply for call #2 \(only 2 replies/);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await fetch(`${server.baseURL}/embeddings`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: 'No route for POST /v1/embeddings' } });
    expect(server.requests).toHaveLength(0);
  });

  it('close() ends hung requests', async () => {
    const local = await startTestServer(() => ({ hang: true }));
    const pending = generateText({
      model: createOpenAICompatible({ name: 'local', baseURL: local.baseURL })('m'),
      prompt: 'hi',
      maxRetries: 0,
    });
    const failed = expect(pending).rejects.toThrow(/Cannot connect to API/);
    await vi.waitFor(() => expect(local.stats.inFlight).toBe(1));
    await local.close();
    await failed;
    expect(local.stats).toMatchObject({ inFlight: 0, aborted: 0 });
  });
});
