// End-to-end proof of the oracle models: the real engine, the real OpenAI-compatible provider over HTTP, the
// scripted server, and the sandbox running the oracle root policy's code.
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE_BASE_WINDOW, oracleScript } from '../../src/bench/oracle/index.ts';
import { SUITES } from '../../src/bench/suites/index.ts';
import type { BenchTask, SuiteName } from '../../src/bench/suites/types.ts';
import { createProviderResolver, createRlm, type RlmConfig } from '../../src/engine/index.ts';
import { startTestServer, type TestServer } from '../support/openai-test-server.ts';

const NAMES = Object.keys(SUITES) as SuiteName[];
const tasks: BenchTask[] = NAMES.flatMap((suite) =>
  [8192, 32_768].map((targetTokens) => SUITES[suite].generate({ seed: 1, targetTokens })),
);
const small = tasks.filter((task) => task.targetTokens === 8192);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(oracleScript(tasks));
});
afterAll(async () => {
  await server.close();
});

async function solve(task: BenchTask, config: Partial<RlmConfig> = {}) {
  const rlm = createRlm({
    model: 'oracle-root',
    subModel: 'oracle-sub',
    resolveModel: createProviderResolver({ baseUrl: server.baseURL }),
    ...config,
  });
  const result = await rlm.completion(task.question, { context: task.context });
  return { result, scored: SUITES[task.suite].score(task, result.answer) };
}

describe('oracle rlm', () => {
  it.each(tasks.map((task) => [task.id, task] as const))('solves %s', async (_, task) => {
    const { result, scored } = await solve(task);
    expect(result.stopReason, String(result.error?.message)).toBe('final');
    expect(scored, result.answer ?? '').toMatchObject({ score: 1, correct: true });
    // Everything but the needle goes through the sub-model.
    if (task.suite !== 'sniah') expect(result.subcalls).toBeGreaterThan(0);
    const codes = result.trajectory.flatMap((event) => (event.type === 'code_block' ? [event.code] : []));
    expect(codes.join('\n')).toMatch(task.suite === 'sniah' ? /special magic/ : /llm_query_batched/);
  });
});

describe('oracle rlm-d2', () => {
  it.each(small.map((task) => [task.id, task] as const))(
    'solves %s through child RLMs where it helps',
    async (_, task) => {
      const { result, scored } = await solve(task, { maxDepth: 2 });
      expect(scored, result.answer ?? '').toMatchObject({ score: 1, correct: true });
      const childTurns = result.trajectory.filter(
        (event) => event.type === 'iteration_start' && event.depth === 1,
      ).length;
      if (task.suite === 'sniah') expect(childTurns).toBe(0);
      else expect(childTurns).toBeGreaterThan(0);
    },
  );
});

describe('oracle rlm without sub-calls (ablation)', () => {
  it.each(tasks.map((task) => [task.id, task] as const))('finishes %s with code alone', async (_, task) => {
    const { result, scored } = await solve(task, { subcalls: false });
    expect(result.stopReason).toBe('final');
    expect(result.subcalls).toBe(0);
    expect(scored.score).toBeGreaterThanOrEqual(0);
    if (task.suite === 'sniah') expect(scored.score).toBe(1);
  });

  it('scores below the full rlm on the aggregation suites', async () => {
    const scores = await Promise.all(
      tasks
        .filter((task) => task.suite === 'oolong-lite' || task.suite === 'pairs-lite')
        .map(async (task) => (await solve(task, { subcalls: false })).scored.score),
    );
    expect(scores.reduce((sum, score) => sum + score, 0) / scores.length).toBeLessThan(0.8);
  });
});

describe('oracle-base', () => {
  const ask = async (prompt: string) => {
    const model = createProviderResolver({ baseUrl: server.baseURL })('oracle-base');
    return (await generateText({ model, instructions: 'Answer the question about the text below.', prompt })).text;
  };
  const whole = (task: BenchTask) =>
    typeof task.context === 'string'
      ? task.context
      : task.context.map((doc) => `=== ${doc.path} ===\n${doc.content}`).join('\n\n');

  it.each(small.map((task) => [task.id, task] as const))('answers %s perfectly within its window', async (_, task) => {
    const answer = await ask(`${whole(task)}\n\nQuestion: ${task.question}`);
    expect(SUITES[task.suite].score(task, answer).score).toBe(1);
  });

  it('refuses prompts longer than its window', async () => {
    const task = SUITES.sniah.generate({ seed: 4, targetTokens: 140_000 });
    expect(task.contextTokens).toBeGreaterThan(ORACLE_BASE_WINDOW);
    expect(await ask(`${whole(task)}\n\nQuestion: ${task.question}`)).toBe('I cannot read all of this.');
  });

  it('does not answer a question about text it was not given', async () => {
    const [task] = small;
    expect(await ask(`Question: ${task?.question}`)).not.toContain(String(task?.expected));
  });
});

describe('oracle-sub and unknown models', () => {
  it('answers unknown model ids with an error status', async () => {
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(404);
  });
});
