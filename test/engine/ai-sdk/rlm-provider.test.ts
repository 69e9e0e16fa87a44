// The RLM as an AI SDK model: generateText / streamText over the real providers and the local scripted server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviderResolver, createRlmProvider, parseLog, type RlmEvent } from '../../../src/engine/index.ts';
import { startTestServer, type ScriptedRequest, type TestServer } from '../../support/openai-test-server.ts';

const repl = (code: string) => `Exploring.\n\n\`\`\`repl\n${code}\n\`\`\``;
const isRoot = (request: ScriptedRequest) =>
  request.messages.some((m) => m.role === 'user' && m.content.includes('Turn 1/'));
const turnOf = (request: ScriptedRequest) =>
  Number(/Turn (\d+)\//.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? '1');
const usage = { inputTokens: 1000, outputTokens: 50, cachedInputTokens: 0, reasoningTokens: 0 };

/** Turn 1 prints the context and asks a sub-model; turn 2 answers with what the REPL saw. */
function script(request: ScriptedRequest) {
  if (!isRoot(request)) return { text: 'SUB', usage: { inputTokens: 100, outputTokens: 10 } };
  if (turnOf(request) === 1)
    return {
      text: repl("globalThis.seen = JSON.stringify(context); print(seen); print(await llm_query('sum up'))"),
      usage,
    };
  const observed = request.messages.at(-1)?.content ?? '';
  return { text: `FINAL(saw ${/Output:\n```\n(.*)\n/.exec(observed)?.[1] ?? '?'})`, usage };
}

let server: TestServer;
let logDir: string;
beforeAll(async () => {
  server = await startTestServer(script);
  logDir = mkdtempSync(path.join(tmpdir(), 'rlm-provider-logs-'));
});
afterAll(async () => {
  await server.close();
  rmSync(logDir, { recursive: true, force: true });
});
beforeEach(() => {
  server.setScript(script);
  server.requests.length = 0;
});

const provider = () =>
  createRlmProvider({
    resolveModel: createProviderResolver({ baseUrl: server.baseURL }),
    subModel: 'sub-model',
    prices: { 'root-model': { input: 1, output: 2 }, 'sub-model': { input: 0.5, output: 1 } },
    logDir,
  });

describe('createRlmProvider with generateText', () => {
  it('answers from providerOptions.rlm.context; usage is the whole tree; metadata tells how the run went', async () => {
    const rlm = provider();
    const result = await generateText({
      model: rlm('root-model'),
      prompt: 'What does the context say?',
      providerOptions: { rlm: { context: 'hello world' } },
    });
    expect(result.text).toBe('saw "hello world"');
    expect(result.finishReason).toBe('stop');
    // Two root turns (1000 in / 50 out each) and one sub-call (100 / 10).
    expect(result.usage.inputTokens).toBe(2100);
    expect(result.usage.outputTokens).toBe(110);
    const metadata = result.providerMetadata?.rlm;
    expect(metadata).toMatchObject({ stopReason: 'final', iterations: 2, subcalls: 1, error: null });
    expect(metadata?.costUsd).toBeCloseTo((2000 * 1 + 100 * 2 + 100 * 0.5 + 10 * 1) / 1e6, 12);
    const log = parseLog(readFileSync(String(metadata?.logPath), 'utf8'));
    expect(log.header?.model).toBe('root-model');
    expect(log.partial).toBe(false);
    expect(server.requests.filter((r) => r.model === 'sub-model')).toHaveLength(1);
  });

  it('context as documents; without a context the messages are the context and the last user message the question', async () => {
    const rlm = provider();
    const documents = await generateText({
      model: rlm('root-model'),
      prompt: 'q',
      providerOptions: { rlm: { context: [{ path: 'a.txt', content: 'A' }] } },
    });
    expect(documents.text).toBe('saw [{"path":"a.txt","content":"A"}]');

    server.requests.length = 0;
    const fromMessages = await generateText({
      model: rlm('root-model'),
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'The code is 42.' },
        { role: 'assistant', content: 'Noted.' },
        { role: 'user', content: 'What is the code?' },
      ],
    });
    expect(fromMessages.text).toContain('"path":"messages/1-system","content":"Be brief."');
    expect(fromMessages.text).toContain('"path":"messages/4-user","content":"What is the code?"');
    // The question reaches the root; the conversation itself stays in the REPL.
    const firstRoot = server.requests.find(isRoot);
    expect(firstRoot?.messages.at(-1)?.content).toContain('Question: What is the code?');
    expect(JSON.stringify(firstRoot?.messages)).not.toContain('The code is 42.');
  });

  it('limits and the sub-model come from providerOptions.rlm', async () => {
    server.setScript((request) =>
      isRoot(request) ? { text: repl("print(await llm_query('x'))") } : { text: `from ${request.model}` },
    );
    const result = await generateText({
      model: provider()('root-model'),
      prompt: 'q',
      providerOptions: { rlm: { context: 'c', maxIterations: 1, subModel: 'other-sub' } },
    });
    expect(result.providerMetadata?.rlm).toMatchObject({ stopReason: 'max_iterations', iterations: 1 });
    expect(result.finishReason).toBe('length');
    expect(server.requests.map((r) => r.model)).toContain('other-sub');
  });

  it('an aborted call rejects, and the in-flight request is cancelled', async () => {
    server.setScript(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = generateText({
      model: provider()('root-model'),
      prompt: 'q',
      providerOptions: { rlm: { context: 'c' } },
      abortSignal: controller.signal,
    });
    while (server.stats.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(pending).rejects.toThrow();
    while (server.stats.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.stats.aborted).toBeGreaterThanOrEqual(1);
  });
});

describe('createRlmProvider with streamText', () => {
  it('streams the answer with usage and metadata, and surfaces trajectory events as raw parts', async () => {
    const result = streamText({
      model: provider()('root-model'),
      prompt: 'What does the context say?',
      providerOptions: { rlm: { context: 'streamed context' } },
      includeRawChunks: true,
    });
    const deltas: string[] = [];
    const events: RlmEvent[] = [];
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') deltas.push(part.text);
      if (part.type === 'raw') events.push(part.rawValue as RlmEvent);
    }
    expect(deltas.join('')).toBe('saw "streamed context"');
    expect(deltas.length).toBeGreaterThan(1);
    expect((await result.usage).inputTokens).toBe(2100);
    expect((await result.providerMetadata)?.rlm).toMatchObject({ stopReason: 'final', subcalls: 1 });
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['run_start', 'code_block', 'run_end']));
  });

  it('an aborted stream ends with an abort, not an answer', async () => {
    server.setScript(() => ({ hang: true }));
    const controller = new AbortController();
    const result = streamText({
      model: provider()('root-model'),
      prompt: 'q',
      providerOptions: { rlm: { context: 'c' } },
      abortSignal: controller.signal,
    });
    const parts: string[] = [];
    const reading = (async () => {
      for await (const part of result.fullStream) parts.push(part.type);
    })();
    while (server.stats.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await reading.catch(() => undefined);
    expect(parts).toContain('abort');
    expect(parts).not.toContain('text-delta');
  });
});
