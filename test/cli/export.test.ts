import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../src/cli/export/markdown.ts';
import { toOfficialJsonl } from '../../src/cli/export/official.ts';
import { parseLog } from '../../src/engine/index.ts';
import { ITERATION_KEYS, keys, parseJsonl, RUN_METADATA_KEYS } from './official-fields.ts';

const demo = parseLog(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/demo/run.jsonl'), 'utf8'));
const lines = parseJsonl(toOfficialJsonl(demo.header, demo.events));

// Field lists of the official project's visualizer types (RLMConfigMetadata, RLMIteration, CodeBlock, REPLResult,
// RLMChatCompletion) and of its Python logger (metadata/iteration lines, usage_summary).
describe('--export official', () => {
  it('starts with a metadata line holding every RLMConfigMetadata field', () => {
    const [metadata] = lines;
    expect(keys(metadata)).toEqual([...RUN_METADATA_KEYS, 'timestamp', 'type']);
    expect(metadata).toMatchObject({
      type: 'metadata',
      root_model: 'demo-root',
      max_depth: 1,
      max_iterations: 30,
      other_backends: ['demo-sub'],
    });
  });

  it('has one iteration line per root turn with the RLMIteration fields', () => {
    const iterations = lines.slice(1);
    expect(iterations).toHaveLength(4);
    iterations.forEach((iteration, index) => {
      expect(keys(iteration)).toEqual(ITERATION_KEYS);
      expect(iteration.type).toBe('iteration');
      expect(iteration.iteration).toBe(index + 1);
      expect(typeof iteration.timestamp).toBe('string');
      expect(typeof iteration.response).toBe('string');
      expect(typeof iteration.iteration_time).toBe('number');
      const prompt = iteration.prompt as Array<{ role: string; content: string }>;
      expect(prompt[0]?.role).toBe('system');
      for (const message of prompt) expect(keys(message)).toEqual(['content', 'role']);
    });
    expect(iterations.at(-1)?.final_answer).toMatch(/^Config v418/);
    expect(iterations.slice(0, -1).every((iteration) => iteration.final_answer === null)).toBe(true);
  });

  it('code blocks carry REPLResult fields and the sub-calls each block made', () => {
    const blocks = lines.slice(1).flatMap((iteration) => iteration.code_blocks as Array<Record<string, unknown>>);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      expect(keys(block)).toEqual(['code', 'result']);
      expect(keys(block.result)).toEqual(['execution_time', 'final_answer', 'locals', 'rlm_calls', 'stderr', 'stdout']);
    }
    const calls = blocks.map((block) => (block.result as { rlm_calls: Array<Record<string, unknown>> }).rlm_calls);
    expect(calls.map((list) => list.length)).toEqual([0, 0, 8, 1]);
    const call = calls[2]?.[0] as Record<string, unknown>;
    expect(keys(call)).toEqual([
      'completion_tokens',
      'execution_time',
      'prompt',
      'prompt_tokens',
      'response',
      'root_model',
      'usage_summary',
    ]);
    expect(call.root_model).toBe('demo-sub');
    expect(call.prompt_tokens).toBeGreaterThan(1000);
    const usage = (call.usage_summary as { model_usage_summaries: Record<string, Record<string, number>> })
      .model_usage_summaries['demo-sub'];
    expect(usage).toEqual({
      total_calls: 1,
      total_input_tokens: call.prompt_tokens,
      total_output_tokens: call.completion_tokens,
    });
    const first = blocks[0]?.result as { stdout: string } | undefined;
    expect(first?.stdout).toContain('4,175,161 characters');
  });
});

describe('--export markdown', () => {
  it('is a readable report with the answer, a cost table and every turn with its code', () => {
    const markdown = toMarkdown(demo.header, demo.events);
    expect(markdown.startsWith('# What caused the checkout failures')).toBe(true);
    expect(markdown).toContain('**Stopped:** final after 4 turn(s), 9 sub-call(s)');
    expect(markdown).toMatch(/\| depth 1 \| 9 \|/);
    expect(markdown.match(/^## Turn \d+$/gm)).toHaveLength(4);
    expect(markdown.match(/^```js$/gm)).toHaveLength(4);
    expect(markdown).toContain('8 sub-call(s) (batched llm_query)');
  });
});
