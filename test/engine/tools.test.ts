import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createReplayResolver, createReplayTools, createRlm, type RlmConfig } from '../../src/engine/index.ts';
import { eventsOf, lastUser, resolverOf, type Prompt } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

function weatherTool(calls: unknown[] = []) {
  return tool({
    description: 'Current temperature of a city.',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      calls.push(city);
      if (city === 'Atlantis') throw new Error('no such city');
      return { city, celsius: city.length };
    },
  });
}

function rootWith(replies: string[]) {
  const prompts: Prompt[] = [];
  const model = mockModel(({ messages, index }) => {
    prompts.push(messages);
    return replies[index] ?? 'FINAL(out of script)';
  }, 'root');
  return { model, prompts };
}

describe('caller tools', () => {
  it('runs a tool from the REPL with its result copied in, lists it in the instructions, and emits events', async () => {
    const calls: unknown[] = [];
    const root = rootWith([repl('const w = await weather({ city: "Oslo" });\nFINAL(w.celsius * 10)')]);
    const rlm = createRlm({
      model: 'root',
      resolveModel: resolverOf({ root: root.model }),
      tools: { weather: weatherTool(calls) },
    });
    const result = await rlm.completion('How warm?', { context: 'x' });

    expect(result.answer).toBe('40');
    expect(calls).toEqual(['Oslo']);
    const system = root.prompts[0]?.[0]?.content ?? '';
    expect(system).toContain(
      "- `await weather(input)` → the tool's result, from the caller. Current temperature of a city.",
    );
    expect(system).toContain('"city":{"type":"string"}');
    const [start] = eventsOf(result.trajectory, 'tool_call_start');
    const [end] = eventsOf(result.trajectory, 'tool_call_end');
    expect(start).toMatchObject({ name: 'weather', input: { city: 'Oslo' }, iteration: 1, blockIndex: 0 });
    expect(end).toMatchObject({
      toolCallId: start?.toolCallId,
      ok: true,
      output: { city: 'Oslo', celsius: 4 },
      error: null,
    });
    expect(end?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('rejects an input that fails the schema with an error the cell can catch; tool errors are catchable too', async () => {
    const calls: unknown[] = [];
    const root = rootWith([
      repl(
        'const out = [];\nfor (const input of [{ town: "Oslo" }, { city: "Atlantis" }]) {\n  try { await weather(input); } catch (e) { out.push(e.message); }\n}\nFINAL(out.join(" | "))',
      ),
    ]);
    const rlm = createRlm({
      model: 'root',
      resolveModel: resolverOf({ root: root.model }),
      tools: { weather: weatherTool(calls) },
    });
    const result = await rlm.completion('Try.', { context: 'x' });

    expect(result.answer).toMatch(/^weather: invalid input: .*city.* \| weather: no such city$/s);
    expect(calls).toEqual(['Atlantis']);
    expect(eventsOf(result.trajectory, 'tool_call_end').map((event) => [event.ok, event.error !== null])).toEqual([
      [false, true],
      [false, true],
    ]);
  });

  it('child RLMs inherit the tools unless subTools says otherwise', async () => {
    const childCode = repl('FINAL(typeof weather)');
    const parentCode = repl('FINAL(await rlm_query("child?"))');
    const run = async (subTools: RlmConfig['subTools']) => {
      const model = mockModel(
        ({ messages }) => (lastUser(messages).includes('Question: child?') ? childCode : parentCode),
        'root',
      );
      const rlm = createRlm({
        model: 'root',
        maxDepth: 2,
        resolveModel: resolverOf({ root: model }),
        tools: { weather: weatherTool() },
        ...(subTools === undefined ? {} : { subTools }),
      });
      return (await rlm.completion('Parent?', { context: 'x' })).answer;
    };
    expect(await run(undefined)).toBe('function');
    expect(await run('none')).toBe('undefined');
  });

  it('refuses a tool whose name is taken by the REPL or has no execute', () => {
    const resolveModel = resolverOf({});
    expect(() => createRlm({ model: 'root', resolveModel, tools: { FINAL: weatherTool() } })).toThrow(/already a name/);
    expect(() =>
      createRlm({ model: 'root', resolveModel, tools: { nothing: tool({ inputSchema: z.object({}) }) as never } }),
    ).toThrow(/no execute/);
  });

  it('a replay answers tool calls from the recorded trajectory without running the tool', async () => {
    const calls: unknown[] = [];
    const root = rootWith([repl('const w = await weather({ city: "Oslo" });\nFINAL(w.celsius)')]);
    const recorded = await createRlm({
      model: 'root',
      resolveModel: resolverOf({ root: root.model }),
      tools: { weather: weatherTool(calls) },
    }).completion('How warm?', { context: 'x' });

    const replayed = await createRlm({
      model: 'root',
      resolveModel: createReplayResolver(recorded.trajectory),
      tools: createReplayTools(recorded.trajectory, { weather: weatherTool() }),
    }).completion('How warm?', { context: 'x' });
    expect(replayed.answer).toBe('4');
    expect(calls).toEqual(['Oslo']);
    expect(eventsOf(replayed.trajectory, 'tool_call_end')[0]?.output).toEqual({ city: 'Oslo', celsius: 4 });
  });
});
