import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../src/cli/export/markdown.ts';
import { toOfficialJsonl } from '../../src/cli/export/official.ts';
import { createRlm, type RlmEvent } from '../../src/engine/index.ts';
import { lastUser, resolverOf } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

// A fast model, or a mock with a fixed clock: every event of the run has the same timestamp. The exports used to
// pick "the first root reply at or after the turn's start time", so every turn showed turn 1's reply.
const REPLIES = [
  repl('print(context.length)', 'Turn one looks first.'),
  repl('const said = await llm_query("say hi"); print(said)', 'Turn two asks a sub-model.'),
  repl('FINAL("forty-two")', 'Turn three finishes.'),
];

async function fixedClockRun(): Promise<RlmEvent[]> {
  const root = mockModel(REPLIES, 'root');
  const sub = mockModel(({ messages }) => `sub saw: ${lastUser(messages)}`, 'sub');
  const rlm = createRlm({
    model: 'root',
    subModel: 'sub',
    resolveModel: resolverOf({ root, sub }),
    now: () => 1_700_000_000_000,
  });
  const result = await rlm.completion('What is the answer?', { context: 'some context' });
  expect(result.answer).toBe('forty-two');
  expect(new Set(result.trajectory.map((event) => event.ts)).size).toBe(1);
  return result.trajectory;
}

describe('exports when every event shares one millisecond', () => {
  it('--export official gives each iteration its own reply, prompt, sub-calls and final answer', async () => {
    const events = await fixedClockRun();
    const iterations = toOfficialJsonl(null, events)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.type === 'iteration');
    expect(iterations.map((iteration) => iteration.response)).toEqual(REPLIES);
    expect(iterations.map((iteration) => iteration.final_answer)).toEqual([null, null, 'forty-two']);
    // Each turn's prompt is the conversation up to that turn: the earlier replies are in it, its own is not.
    const assistant = iterations.map((iteration) =>
      (iteration.prompt as Array<{ role: string; content: string }>)
        .filter((message) => message.role === 'assistant')
        .map((message) => message.content),
    );
    expect(assistant).toEqual([[], REPLIES.slice(0, 1), REPLIES.slice(0, 2)]);
    const calls = iterations.map((iteration) =>
      (iteration.code_blocks as Array<{ result: { rlm_calls: Array<{ response: string }> } }>).flatMap(
        (block) => block.result.rlm_calls,
      ),
    );
    expect(calls.map((list) => list.map((call) => call.response))).toEqual([[], ['sub saw: say hi'], []]);
  });

  it('--export markdown shows each turn with its own prose', async () => {
    const markdown = toMarkdown(null, await fixedClockRun());
    const turns = markdown.split(/^## Turn \d+$/m).slice(1);
    expect(turns).toHaveLength(3);
    expect(turns[0]).toContain('Turn one looks first.');
    expect(turns[1]).toContain('Turn two asks a sub-model.');
    expect(turns[1]).not.toContain('Turn one');
    expect(turns[2]).toContain('Turn three finishes.');
    expect(turns[2]).toContain('FINAL("forty-two")');
  });
});
