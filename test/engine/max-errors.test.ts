import { describe, expect, it } from 'vitest';
import { createRlm } from '../../src/engine/index.ts';
import { eventsOf, lastUser, resolverOf } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

function run(replies: string[], maxErrors: number | undefined) {
  const prompts: string[] = [];
  const root = mockModel(({ messages, index }) => {
    prompts.push(lastUser(messages));
    return replies[index] ?? 'FINAL(out of script)';
  }, 'root');
  const rlm = createRlm({
    model: 'root',
    resolveModel: resolverOf({ root }),
    ...(maxErrors === undefined ? {} : { maxErrors }),
  });
  return { result: rlm.completion('Q?', { context: 'data' }), prompts };
}

describe('maxErrors', () => {
  it('stops with max_errors after n consecutive turns where every cell failed, asking once for the best answer', async () => {
    const failing = repl('undefinedThing.call()');
    const { result, prompts } = run([failing, failing, failing, 'FINAL(best guess)'], 3);
    const done = await result;
    expect(done.stopReason).toBe('max_errors');
    expect(done.answer).toBe('best guess');
    expect(done.iterations).toBe(3);
    expect(prompts.at(-1)).toContain('failed in every cell for too many turns');
    expect(eventsOf(done.trajectory, 'llm_call_start').map((event) => event.purpose)).toEqual([
      'root',
      'root',
      'root',
      'final_answer',
    ]);
  });

  it('resets the count on a turn where any cell succeeded', async () => {
    const failing = repl('undefinedThing.call()');
    const mixed = `${repl('undefinedThing.call()')}\n\n${repl('print("fine")')}`;
    const { result } = run([failing, mixed, failing, failing, repl('FINAL("done")')], 3);
    const done = await result;
    expect(done.stopReason).toBe('final');
    expect(done.answer).toBe('done');
  });

  it('has no limit by default', async () => {
    const failing = repl('undefinedThing.call()');
    const { result } = run([failing, failing, failing, failing, failing, repl('FINAL("survived")')], undefined);
    expect((await result).answer).toBe('survived');
  });

  it('rejects a maxErrors that is not a positive number', () => {
    expect(() => createRlm({ model: 'root', resolveModel: resolverOf({}), maxErrors: 0 })).toThrow(/maxErrors/);
  });
});
