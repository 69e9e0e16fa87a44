import { describe, expect, it } from 'vitest';
import { createRlm, type RlmConfig } from '../../../src/engine/index.ts';
import { eventsOf, lastUser, onlyEvent, resolverOf, type Prompt } from '../../support/engine-helpers.ts';
import { mockModel, repl, type MockReply } from '../../support/mock-models.ts';

function scriptedRoot(replies: Array<string | MockReply>) {
  const prompts: Array<{ system: string; messages: Prompt }> = [];
  const model = mockModel(({ messages, index }) => {
    prompts.push({ system: messages[0]?.content ?? '', messages });
    return replies[index] ?? { text: '', error: new Error(`root script exhausted at call #${index}`) };
  }, 'root');
  return { model, prompts };
}

function rlmWith(root: ReturnType<typeof scriptedRoot>, config: Partial<RlmConfig> = {}) {
  const sub = mockModel(({ messages }) => `sub saw: ${lastUser(messages)}`, 'sub');
  return createRlm({ model: 'root', subModel: 'sub', resolveModel: resolverOf({ root: root.model, sub }), ...config });
}

describe('sessions', () => {
  it('keeps variables and functions across questions and tells the next question what was asked', async () => {
    const root = scriptedRoot([
      repl(
        'const words = context.split(" ");\nfunction longest() { return words.toSorted((a, b) => b.length - a.length)[0]; }\nFINAL(words.length)',
      ),
      repl('FINAL(longest() + " / " + history[0].question + " = " + history[0].answer)'),
    ]);
    const session = rlmWith(root).session({ context: 'apple banana cherry blueberry' });
    const first = await session.ask('How many words?').result;
    const second = await session.ask('Which word is longest?').result;
    await session.dispose();

    expect(first.answer).toBe('4');
    expect(second.answer).toBe('blueberry / How many words? = 4');
    const secondQuestion = lastUser(root.prompts[1]?.messages ?? []);
    expect(secondQuestion).toContain('1. How many words?');
    expect(secondQuestion).toContain('still exist');
    expect(secondQuestion).toContain('Question: Which word is longest?');
    const starts = [...eventsOf(first.trajectory, 'run_start'), ...eventsOf(second.trajectory, 'run_start')];
    expect(starts.map((event) => [event.sessionId, event.questionIndex])).toEqual([
      [session.id, 1],
      [session.id, 2],
    ]);
    expect(session.history().map((entry) => [entry.question, entry.answer, entry.stopReason])).toEqual([
      ['How many words?', '4', 'final'],
      ['Which word is longest?', 'blueberry / How many words? = 4', 'final'],
    ]);
  });

  it('names later contexts context_1, context_2 and describes each with the question', async () => {
    const root = scriptedRoot([
      repl('FINAL([typeof context, context_1.length, context_2[0].path].join(","))'),
      repl('FINAL(context_3)'),
    ]);
    const session = rlmWith(root).session({ context: 'first context' });
    expect(await session.addContext('a second one')).toBe('context_1');
    const result = await session.ask('Shapes?', { context: [{ path: 'notes/a.md', content: 'hello' }] }).result;
    expect(result.answer).toBe('string,12,notes/a.md');
    // The data is described in the question message, so the instructions stay the same from question to question.
    const described = lastUser(root.prompts[0]?.messages ?? []);
    expect(described).toContain('`context` is one string of 13 characters');
    expect(described).toContain('`context_1` is one string of 12 characters');
    expect(described).toContain('`context_2` is an array of 1 documents');
    expect(session.contexts().map((entry) => entry.name)).toEqual(['context', 'context_1', 'context_2']);

    expect(await session.addContext('late')).toBe('context_3');
    expect((await session.ask('The last one?').result).answer).toBe('late');
    await session.dispose();
  });

  it('starts without a context and makes the first added one `context`', async () => {
    const root = scriptedRoot([repl('FINAL(context)')]);
    const session = rlmWith(root).session();
    expect(await session.addContext('now here')).toBe('context');
    expect((await session.ask('What is in context?').result).answer).toBe('now here');
    await session.dispose();
  });

  it('lists the variables the model defined, not the contexts or history', async () => {
    const root = scriptedRoot([repl('const total = 3; FINAL(total)')]);
    const session = rlmWith(root).session({ context: 'x' });
    await session.ask('Total?').result;
    await session.addContext('y');
    const names = (await session.variables()).map((variable) => variable.name);
    expect(names).toEqual(['total']);
    await session.dispose();
  });

  it('reports usage per question and for the session, and counts a per-session cost limit over questions', async () => {
    const reply = (text: string) => ({ text, usage: { input: 100_000, output: 0 } });
    const root = scriptedRoot([reply(repl('FINAL(1)')), reply(repl('FINAL(2)')), reply(repl('FINAL(3)'))]);
    const session = rlmWith(root, { prices: { root: { input: 1, output: 1 } } }).session({
      context: 'x',
      maxCostUsd: 0.15,
    });
    const first = await session.ask('One?').result;
    const second = await session.ask('Two?').result;
    const third = await session.ask('Three?').result;
    await session.dispose();

    expect(first.answer).toBe('1');
    expect(first.costUsd).toBeCloseTo(0.1, 10);
    // The second question had $0.05 left: its first call ($0.10) used it up, but FINAL had already run in that cell.
    expect(second.costUsd).toBeCloseTo(0.1, 10);
    // Nothing left: the third stops before any call, and says it was the session's limit.
    expect(third.stopReason).toBe('budget');
    expect(third.error?.message).toContain("session's cost limit ($0.15)");
    expect(eventsOf(third.trajectory, 'llm_call_start')).toHaveLength(0);
    const usage = session.usage();
    expect(usage.questions.map((question) => [question.question, question.usage.inputTokens])).toEqual([
      ['One?', 100_000],
      ['Two?', 100_000],
      ['Three?', 0],
    ]);
    expect(usage.total.total.inputTokens).toBe(200_000);
    expect(usage.total.costUsd).toBeCloseTo(0.2, 10);
  });

  it('refuses a second question while one runs, and gives every call of the session a distinct id', async () => {
    const root = scriptedRoot([{ text: repl('FINAL(1)'), delayMs: 50 }, repl('FINAL(2)')]);
    const session = rlmWith(root).session({ context: 'x' });
    const running = session.ask('One?');
    expect(() => session.ask('Two?')).toThrow(/already running/);
    const first = await running.result;
    const second = await session.ask('Two?').result;
    await session.dispose();
    const ids = [...first.trajectory, ...second.trajectory]
      .filter((event) => event.type === 'llm_call_start')
      .map((event) => (event.type === 'llm_call_start' ? event.callId : ''));
    expect(new Set(ids).size).toBe(ids.length);
    expect(onlyEvent(second.trajectory, 'run_start').runId).not.toBe(onlyEvent(first.trajectory, 'run_start').runId);
  });

  it('aborts one question without ending the session', async () => {
    // Answers by question, not by call order: the abort may land before the slow question's first call is made.
    const model = mockModel(
      ({ messages }) =>
        messages.some((message) => message.content.includes('Question: Slow?'))
          ? { text: repl('FINAL(1)'), delayMs: 5_000 }
          : repl('FINAL("after")'),
      'root',
    );
    const root = { model, prompts: [] };
    const session = rlmWith(root).session({ context: 'x' });
    const controller = new AbortController();
    const running = session.ask('Slow?', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await running.result).stopReason).toBe('aborted');
    expect((await session.ask('Next?').result).answer).toBe('after');
    await session.dispose();
    expect(() => session.ask('After dispose?')).toThrow(/disposed/);
  });
});
