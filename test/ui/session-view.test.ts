import { describe, expect, it } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import { foldEvents } from '../../src/ui/index.ts';
import { eventFactory, runStartPayload } from './support.ts';

const at = eventFactory();
const question = (text: string, index: number, reply: string): RlmEvent[] => [
  at(runStartPayload({ question: text, maxIterations: 5, sessionId: 'sess', questionIndex: index })),
  at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
  at({ type: 'llm_call_start', callId: 'c1', model: 'm', purpose: 'root', instructions: null, messages: [] }),
  at({ type: 'llm_call_delta', callId: 'c1', text: reply }),
];

describe('the live view of a session', () => {
  it("shows the current question's own turns once the next question starts", () => {
    const view = foldEvents([...question('first?', 1, 'one'), ...question('second?', 2, 'two')]);
    expect(view.question).toBe('second?');
    expect(view.rlms[view.rootRlmId]?.iterations.map((iteration) => iteration.reply)).toEqual(['two']);
    expect(view.questions.map((entry) => entry.question)).toEqual(['first?', 'second?']);
    expect(view.rlms.r0?.iterations.map((iteration) => iteration.reply)).toEqual(['one']);
  });
});
