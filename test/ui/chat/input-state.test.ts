import { describe, expect, it } from 'vitest';
import { EMPTY_INPUT, reduceInput, type InputAction, type InputState } from '../../../src/ui/index.ts';

const apply = (actions: InputAction[], state: InputState = EMPTY_INPUT) => actions.reduce(reduceInput, state);
const type = (text: string): InputAction => ({ type: 'insert', text });

describe('chat input line', () => {
  it('edits at the cursor', () => {
    const state = apply([
      type('helo'),
      { type: 'left' },
      type('l'),
      { type: 'end' },
      type('!'),
      { type: 'home' },
      { type: 'delete_right' },
    ]);
    expect(state).toMatchObject({ text: 'ello!', cursor: 0 });
    expect(apply([type('ab'), { type: 'delete_left' }, { type: 'delete_left' }, { type: 'delete_left' }]).text).toBe(
      '',
    );
  });

  it('walks the history with up and down, keeping the line being typed', () => {
    const asked = apply([
      type('first'),
      { type: 'submit' },
      type('second'),
      { type: 'submit' },
      type('second'),
      { type: 'submit' },
    ]);
    expect(asked.history).toEqual(['first', 'second']);
    const browsing = apply([type('draft'), { type: 'up' }], asked);
    expect(browsing).toMatchObject({ text: 'second', cursor: 6 });
    expect(apply([{ type: 'up' }, { type: 'up' }], browsing).text).toBe('first');
    expect(apply([{ type: 'down' }], browsing).text).toBe('draft');
    expect(apply([{ type: 'down' }, { type: 'down' }], browsing).text).toBe('draft');
  });

  it('turns pasted newlines into spaces and keeps blank lines out of the history', () => {
    expect(apply([type('a\nb')]).text).toBe('a b');
    expect(apply([type('   '), { type: 'submit' }]).history).toEqual([]);
  });
});
