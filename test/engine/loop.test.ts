import { describe, expect, it } from 'vitest';
import { createRlm, type RlmConfig } from '../../src/engine/index.ts';
import { eventsOf, lastUser, onlyEvent, resolverOf, type Prompt } from '../support/engine-helpers.ts';
import { mockModel, repl, type MockReply } from '../support/mock-models.ts';

/** A root model that records every prompt it receives, answering from a list or a function of the call. */
function scriptedRoot(replies: Array<string | MockReply> | ((prompt: Prompt, index: number) => string | MockReply)) {
  const prompts: Prompt[] = [];
  const model = mockModel(({ messages, index }) => {
    prompts.push(messages);
    if (typeof replies === 'function') return replies(messages, index);
    return replies[index] ?? { text: '', error: new Error(`root script exhausted at call #${index}`) };
  }, 'root');
  return { model, prompts };
}

function rlmWith(
  root: ReturnType<typeof scriptedRoot>,
  config: Partial<RlmConfig> = {},
  sub = mockModel(({ messages }) => `sub saw: ${lastUser(messages)}`, 'sub'),
) {
  return createRlm({ model: 'root', subModel: 'sub', resolveModel: resolverOf({ root: root.model, sub }), ...config });
}

describe('finishing a run', () => {
  it('ends on FINAL_VAR called in code after several turns', async () => {
    const root = scriptedRoot([
      repl('const words = context.split(" ");\nprint(words.length)'),
      repl('const answer = words.filter((w) => w.startsWith("b")).join("+");\nprint(answer)'),
      repl('FINAL_VAR("answer")'),
    ]);
    const result = await rlmWith(root).completion('Which words start with b?', {
      context: 'apple banana cherry blueberry',
    });

    expect(result.answer).toBe('banana+blueberry');
    expect(result.stopReason).toBe('final');
    expect(result.iterations).toBe(3);
    expect(result.error).toBeNull();
    expect(onlyEvent(result.trajectory, 'final')).toMatchObject({ answer: 'banana+blueberry', source: 'code' });
    expect(root.prompts).toHaveLength(3);
    // The second turn really saw what the first printed.
    expect(lastUser(root.prompts[1] ?? [])).toContain('4');
    expect(lastUser(root.prompts[2] ?? [])).toContain('banana+blueberry');
  });

  it('ends on a textual multi-line FINAL(...) with balanced parentheses', async () => {
    const root = scriptedRoot([
      repl('print(context.length)'),
      'I have what I need.\n\nFINAL(The total is 42 (see f(x) and g(y))\nacross two lines)\n\nThat is all.',
    ]);
    const result = await rlmWith(root).completion('Total?', { context: 'data' });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe('The total is 42 (see f(x) and g(y))\nacross two lines');
    expect(result.iterations).toBe(2);
    expect(onlyEvent(result.trajectory, 'final').source).toBe('text');
  });

  it('unquotes a textual FINAL whose argument is one string literal', async () => {
    const root = scriptedRoot([repl('print(1)'), 'FINAL("Paris (the capital), of course")']);
    const result = await rlmWith(root).completion('Capital?', { context: 'x' });
    expect(result.answer).toBe('Paris (the capital), of course');

    const multiline = scriptedRoot([repl('print(1)'), 'FINAL(`line one\nline (two)`)']);
    const second = await rlmWith(multiline).completion('Lines?', { context: 'x' });
    expect(second.answer).toBe('line one\nline (two)');
  });

  it('sends an object given to FINAL as JSON', async () => {
    const root = scriptedRoot([
      repl('const stats = { count: 3, names: ["a", "b"], nested: { ok: true } };\nFINAL(stats)'),
    ]);
    const result = await rlmWith(root).completion('Stats?', { context: 'x' });

    expect(result.stopReason).toBe('final');
    expect(JSON.parse(result.answer ?? 'null')).toEqual({ count: 3, names: ['a', 'b'], nested: { ok: true } });
  });

  it('gives the model an error observation for FINAL_VAR of a missing variable, in code or as text, and continues', async () => {
    const root = scriptedRoot([
      repl('FINAL_VAR("missing")'),
      'FINAL_VAR(alsoMissing)',
      repl('const missing = "found it";\nFINAL_VAR("missing")'),
    ]);
    const result = await rlmWith(root).completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe('found it');
    expect(result.iterations).toBe(3);
    const firstOutput = eventsOf(result.trajectory, 'repl_output')[0];
    expect(firstOutput?.ok).toBe(false);
    expect(firstOutput?.error?.message).toContain('no variable named "missing"');
    expect(lastUser(root.prompts[1] ?? [])).toContain('no variable named "missing"');
    expect(lastUser(root.prompts[2] ?? [])).toMatch(
      /FINAL_VAR\(alsoMissing\) could not be used: .*no variable named "alsoMissing"/,
    );
  });
});

describe('FINAL of undefined is an error the model can act on, never the answer', () => {
  // The reported case: a model treats a string context as documents. `answer` is declared (hoisted) but the cell
  // throws before assigning it, so it holds undefined.
  const failingCell = repl('const answer = context.map((doc) => doc.content).join(" ");');

  it('FINAL_VAR in code on a declared variable whose assignment threw', async () => {
    const root = scriptedRoot([
      `${failingCell}\n\n\`\`\`repl\nFINAL_VAR("answer")\n\`\`\``,
      repl('const fixed = context.toUpperCase();\nFINAL_VAR("fixed")'),
    ]);
    const result = await rlmWith(root).completion('Shout it.', { context: 'quiet words' });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe('QUIET WORDS');
    expect(result.iterations).toBe(2);
    const outputs = eventsOf(result.trajectory, 'repl_output');
    expect(outputs[1]?.ok).toBe(false);
    expect(outputs[1]?.error?.message).toContain('the variable "answer" is undefined');
    expect(lastUser(root.prompts[1] ?? [])).toContain('the variable "answer" is undefined');
    expect(eventsOf(result.trajectory, 'final')).toHaveLength(1);
  });

  it('a textual FINAL_VAR(name) line on that variable', async () => {
    const root = scriptedRoot([failingCell, 'FINAL_VAR(answer)', 'FINAL(recovered)']);
    const result = await rlmWith(root).completion('Shout it.', { context: 'quiet words' });

    expect(result.answer).toBe('recovered');
    expect(result.iterations).toBe(3);
    expect(lastUser(root.prompts[2] ?? [])).toMatch(/FINAL_VAR\(answer\) could not be used: .*"answer" is undefined/);
  });

  it('FINAL(undefined) in code, directly or through an undefined expression', async () => {
    const root = scriptedRoot([
      repl('FINAL(undefined)'),
      repl('const result = {};\nFINAL(result.missingField)'),
      repl('FINAL("real answer")'),
    ]);
    const result = await rlmWith(root).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('real answer');
    expect(result.iterations).toBe(3);
    for (const index of [1, 2]) expect(lastUser(root.prompts[index] ?? [])).toContain('FINAL(undefined)');
  });

  it('a textual FINAL(undefined) line', async () => {
    const root = scriptedRoot([failingCell, 'FINAL(undefined)', 'FINAL(recovered)']);
    const result = await rlmWith(root).completion('Shout it.', { context: 'quiet words' });

    expect(result.answer).toBe('recovered');
    expect(result.iterations).toBe(3);
    expect(lastUser(root.prompts[2] ?? [])).toContain('FINAL(undefined) is not an answer');
  });

  it('FINAL_VAR of a variable that never existed still says so', async () => {
    const root = scriptedRoot([repl('FINAL_VAR("nothing")'), 'FINAL(ok)']);
    const result = await rlmWith(root).completion('Q?', { context: 'x' });
    expect(result.answer).toBe('ok');
    expect(lastUser(root.prompts[1] ?? [])).toContain('no variable named "nothing"');
  });
});

describe('what the root model sees', () => {
  it('never receives the context text, while code and sub-calls can read it', async () => {
    const needle = 'NEEDLE-7f3a9c-unique';
    const context = `${'filler line\n'.repeat(200)}secret: ${needle}\n${'more filler\n'.repeat(200)}`;
    const sub = mockModel(
      ({ messages }) => (lastUser(messages).includes(needle) ? 'the sub-model saw the secret' : 'nothing'),
      'sub',
    );
    const root = scriptedRoot([
      repl(
        'const hit = context.split("\\n").find((line) => line.startsWith("secret:"));\nprint("found a line of", hit.length, "chars")',
      ),
      repl('const verdict = await llm_query("Is there a secret here?\\n" + hit);\nFINAL(verdict)'),
    ]);
    const result = await rlmWith(root, {}, sub).completion('Find the secret.', { context });

    expect(result.answer).toBe('the sub-model saw the secret');
    expect(root.prompts).toHaveLength(2);
    for (const prompt of root.prompts) for (const message of prompt) expect(message.content).not.toContain(needle);
    for (const start of eventsOf(result.trajectory, 'llm_call_start').filter((event) => event.purpose !== 'sub')) {
      expect(start.instructions ?? '').not.toContain(needle);
      for (const message of start.messages) expect(message.content).not.toContain(needle);
    }
    // It is told the context's shape instead, with the question.
    expect(root.prompts[0]?.[0]?.role).toBe('system');
    expect(lastUser(root.prompts[0] ?? [])).toContain(
      `\`context\` is one string of ${context.length.toLocaleString('en-US')} characters.`,
    );
  });

  it('says Turn 1/N first, then Turn i/N with each block output and the variable names', async () => {
    const root = scriptedRoot([
      repl('const alpha = 41;\nprint("alpha is", alpha)'),
      repl('const beta = alpha + 1;\nbeta'),
      repl('FINAL(beta)'),
    ]);
    const result = await rlmWith(root, { maxIterations: 5 }).completion('Compute.', { context: 'x' });

    expect(result.answer).toBe('42');
    const first = root.prompts[0] ?? [];
    expect(first.filter((message) => message.role === 'user')).toHaveLength(1);
    expect(lastUser(first)).toContain('Question: Compute.');
    expect(lastUser(first)).toContain('Turn 1/5');

    const second = lastUser(root.prompts[1] ?? []);
    expect(second).toContain('alpha is 41');
    expect(second).toContain('Variables: alpha');
    expect(second).toContain('Turn 2/5');

    const third = lastUser(root.prompts[2] ?? []);
    expect(third).toContain('42'); // the last expression's value
    expect(third).toMatch(/Variables: .*alpha.*beta/);
    expect(third).toContain('Turn 3/5');
  });

  it('runs every block of a reply in order and returns all their outputs in ONE user message', async () => {
    const reply = [
      'Three steps.',
      '```repl\nconst order = ["a"];\nprint("first block")\n```',
      'Then:',
      '```js\norder.push("b");\nprint("second block")\n```',
      '```ts\nconst joined: string = [...order, "c"].join(",");\nprint("third block", joined)\n```',
    ].join('\n\n');
    const root = scriptedRoot([reply, repl('FINAL(joined)')]);
    const result = await rlmWith(root).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('a,b,c');
    expect(
      eventsOf(result.trajectory, 'code_block').map((event) => [event.iteration, event.index, event.language]),
    ).toEqual([
      [1, 0, 'repl'],
      [1, 1, 'js'],
      [1, 2, 'ts'],
      [2, 0, 'repl'],
    ]);
    const second = root.prompts[1] ?? [];
    // system, question, assistant reply, ONE observation
    expect(second.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    const observation = lastUser(second);
    const positions = [
      'Output of block 1',
      'first block',
      'Output of block 2',
      'second block',
      'Output of block 3',
      'third block a,b,c',
    ].map((text) => observation.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual(positions.toSorted((a, b) => a - b));
  });
});

describe('replies that must not end the run', () => {
  it('runs code written with invented output and a FINAL line, shows the real output, and continues', async () => {
    const hallucinated = [
      'Counting the items:',
      '```repl\nconst count = context.split(",").length;\nprint("count=" + count)\n```',
      'Output:',
      '```\ncount=999\n```',
      'FINAL(999)',
    ].join('\n');
    const root = scriptedRoot((prompt, index) => {
      if (index === 0) return hallucinated;
      // The model reads the real output and answers from it.
      const real = /count=(\d+)/.exec(lastUser(prompt))?.[1];
      return `The real count is in.\nFINAL(${real ?? 'unknown'})`;
    });
    const result = await rlmWith(root).completion('How many items?', { context: 'a,b,c' });

    expect(result.answer).toBe('3');
    expect(result.iterations).toBe(2);
    expect(eventsOf(result.trajectory, 'repl_output')[0]?.output).toBe('count=3\n');
    const observation = lastUser(root.prompts[1] ?? []);
    expect(observation).toContain('count=3');
    expect(observation).toContain('FINAL(...) line as well as code');
    expect(eventsOf(result.trajectory, 'final')).toHaveLength(1);
  });

  it('answers empty and reasoning-only completions with a corrective message', async () => {
    const root = scriptedRoot([
      { text: '' },
      { text: '', reasoning: 'I am thinking about it very hard.' },
      'FINAL(done)',
    ]);
    const result = await rlmWith(root).completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe('done');
    expect(result.iterations).toBe(3);
    expect(lastUser(root.prompts[1] ?? [])).toContain('Your last reply was empty');
    expect(lastUser(root.prompts[1] ?? [])).toContain('Turn 2/');
    expect(lastUser(root.prompts[2] ?? [])).toContain('only hidden reasoning');
    expect(lastUser(root.prompts[2] ?? [])).toContain('Turn 3/');
    expect(eventsOf(result.trajectory, 'llm_call_end')[1]?.reasoning).toBe('I am thinking about it very hard.');
  });

  it('answers a reply with neither code nor FINAL with a corrective message', async () => {
    const root = scriptedRoot(['I believe the answer is probably 4, but let me think.', 'FINAL(4)']);
    const result = await rlmWith(root).completion('2+2?', { context: 'x' });

    expect(result.answer).toBe('4');
    expect(result.iterations).toBe(2);
    expect(lastUser(root.prompts[1] ?? [])).toContain('neither a ```repl code block nor a FINAL(...) line');
    expect(eventsOf(result.trajectory, 'code_block')).toHaveLength(0);
  });
});

describe('limits and inputs', () => {
  it('at max_iterations asks once more for the answer and stops with it', async () => {
    const root = scriptedRoot([
      repl('const a = 1;\nprint(a)'),
      repl('const b = 2;\nprint(b)'),
      'My best answer:\nFINAL(best guess: 3)',
    ]);
    const result = await rlmWith(root, { maxIterations: 2 }).completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('max_iterations');
    expect(result.answer).toBe('best guess: 3');
    expect(result.iterations).toBe(2);
    expect(result.error).toBeNull();
    expect(root.prompts).toHaveLength(3);
    const purposes = eventsOf(result.trajectory, 'llm_call_start').map((event) => event.purpose);
    expect(purposes).toEqual(['root', 'root', 'final_answer']);
    const lastPrompt = root.prompts[2] ?? [];
    expect(lastUser(lastPrompt)).toContain('You have used all your turns');
    // The last call still sees the output of the last turn.
    expect(
      lastPrompt.some(
        (message) =>
          message.role === 'user' && message.content.includes('Variables: a') && message.content.includes('b'),
      ),
    ).toBe(true);
    expect(onlyEvent(result.trajectory, 'final')).toMatchObject({ answer: 'best guess: 3', source: 'forced' });
    expect(eventsOf(result.trajectory, 'iteration_start')).toHaveLength(2);
  });

  it('takes chat messages: system ones become instructions, the last user one the question, earlier turns history', async () => {
    const root = scriptedRoot(['FINAL(Bonjour)']);
    const result = await rlmWith(root).completion(
      [
        { role: 'system', content: 'Always answer in French.' },
        { role: 'user', content: 'Earlier question?' },
        { role: 'assistant', content: 'Earlier answer.' },
        { role: 'user', content: 'How do you say hello?' },
      ],
      { context: 'x' },
    );

    expect(result.answer).toBe('Bonjour');
    expect(onlyEvent(result.trajectory, 'run_start').question).toBe('How do you say hello?');
    const start = eventsOf(result.trajectory, 'llm_call_start')[0];
    expect(start?.instructions).toContain('## Instructions from the caller\nAlways answer in French.');
    expect(start?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(start?.messages[0]?.content).toBe('Earlier question?');
    expect(start?.messages[2]?.content).toMatch(/^Question: How do you say hello\?/);
    const prompt = root.prompts[0] ?? [];
    expect(prompt.filter((message) => message.role === 'system')).toHaveLength(1);
    expect(prompt[0]?.content).toContain('Always answer in French.');
  });
});
