import type { Key } from 'ink';
import type { InspectorData } from './inspector-data.ts';
import { navigate, type NavAction } from './navigate.ts';
import { current, type NavState, type Screen } from './nav-state.ts';

/**
 * Applies one chunk of terminal input. A held key or fast typing can arrive as several characters at once
 * (`jjj`): each is its own key press, read against the screen the previous one led to.
 */
export function applyInput(state: NavState, input: string, key: Partial<Key>, data: InspectorData): NavState {
  const plain = input.length > 1 && !key.ctrl && !key.meta && !input.startsWith('\u001B');
  const presses = plain ? Array.from(input) : [input];
  return presses.reduce((previous, press) => {
    const screen = current(previous);
    // Pasted text goes into a search query whole.
    if (plain && screen.kind === 'search' && screen.editing)
      return press === '\r'
        ? navigate(previous, { type: 'open' }, data)
        : navigate(previous, { type: 'type', text: press }, data);
    const action = actionForKey(press, plain ? { return: press === '\r', tab: press === '\t' } : key, screen);
    return action ? navigate(previous, action, data) : previous;
  }, state);
}

/** Keys to actions. While a search query is being typed, letters are text; everywhere else they are commands. */
export function actionForKey(input: string, key: Partial<Key>, screen: Screen): NavAction | null {
  if (screen.kind === 'search' && screen.editing) {
    if (key.return) return { type: 'open' };
    if (key.escape) return { type: 'back' };
    if (key.backspace || key.delete) return { type: 'erase' };
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return null;
    return input ? { type: 'type', text: input } : null;
  }
  if (key.upArrow || input === 'k') return { type: 'move', by: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', by: 1 };
  if (key.pageDown || input === ' ') return { type: 'page', by: 1 };
  if (key.pageUp || input === 'b') return { type: 'page', by: -1 };
  if (key.home || input === 'g') return { type: 'edge', to: 'top' };
  if (key.end || input === 'G') return { type: 'edge', to: 'bottom' };
  if (input === ']') return { type: 'section', by: 1 };
  if (input === '[') return { type: 'section', by: -1 };
  if (key.return) return { type: 'open' };
  if (key.escape || key.backspace || key.delete || key.leftArrow) return { type: 'back' };
  if (key.tab) return { type: 'focus' };
  if (input === '/') return { type: 'search' };
  if (input === 'c') return { type: 'cost' };
  if (input === 'q') return { type: 'quit' };
  return null;
}

/** The footer's key help for a screen. */
export function keyHints(screen: Screen, hasChild = false): string {
  const common = '/ search · c cost · esc back · q quit';
  switch (screen.kind) {
    case 'rlm':
      return `↑↓ jk move · enter open · ${common}`;
    case 'iteration':
      return screen.focus === 'text'
        ? `jk ↑↓ scroll · space/b page · g/G top/end · [ ] section · tab sub-calls · ${common}`
        : `jk ↑↓ select · enter open (batch: fold) · tab text · ${common}`;
    case 'subcall':
      return `jk ↑↓ scroll · space/b page · g/G top/end · [ ] section${hasChild ? ' · enter child RLM' : ''} · ${common}`;
    case 'search':
      return screen.editing
        ? 'type a query · enter search · esc cancel'
        : 'jk ↑↓ move · enter jump · / edit query · esc back · q quit';
    case 'cost':
      return 'esc back · q quit';
  }
}
