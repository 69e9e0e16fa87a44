/** The chat's input line: text, cursor, and the history of submitted lines that ↑/↓ walk through. */
export interface InputState {
  text: string;
  cursor: number;
  history: string[];
  /** Position in `history` while browsing it; null when editing a fresh line. */
  browsing: number | null;
  /** The fresh line put aside while browsing. */
  draft: string;
}

export const EMPTY_INPUT: InputState = { text: '', cursor: 0, history: [], browsing: null, draft: '' };

export type InputAction =
  | { type: 'insert'; text: string }
  | { type: 'delete_left' }
  | { type: 'delete_right' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'clear' }
  /** Enter: the line leaves the input and joins the history (when not blank and not a repeat). */
  | { type: 'submit' };

export function reduceInput(state: InputState, action: InputAction): InputState {
  const { text, cursor } = state;
  switch (action.type) {
    case 'insert': {
      // Pasted text may hold newlines: the line is one question, so they become spaces.
      const clean = action.text.replace(/[\r\n]+/g, ' ');
      return { ...state, text: text.slice(0, cursor) + clean + text.slice(cursor), cursor: cursor + clean.length };
    }
    case 'delete_left':
      return cursor === 0
        ? state
        : { ...state, text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'delete_right':
      return cursor >= text.length ? state : { ...state, text: text.slice(0, cursor) + text.slice(cursor + 1) };
    case 'left':
      return { ...state, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { ...state, cursor: Math.min(text.length, cursor + 1) };
    case 'home':
      return { ...state, cursor: 0 };
    case 'end':
      return { ...state, cursor: text.length };
    case 'up': {
      if (state.history.length === 0) return state;
      const index = state.browsing === null ? state.history.length - 1 : Math.max(0, state.browsing - 1);
      const line = state.history[index] ?? '';
      return {
        ...state,
        browsing: index,
        draft: state.browsing === null ? text : state.draft,
        text: line,
        cursor: line.length,
      };
    }
    case 'down': {
      if (state.browsing === null) return state;
      const index = state.browsing + 1;
      if (index >= state.history.length)
        return { ...state, browsing: null, text: state.draft, cursor: state.draft.length, draft: '' };
      const line = state.history[index] ?? '';
      return { ...state, browsing: index, text: line, cursor: line.length };
    }
    case 'clear':
      return { ...state, text: '', cursor: 0, browsing: null, draft: '' };
    case 'submit': {
      const line = text.trim();
      const history = line === '' || state.history.at(-1) === line ? state.history : [...state.history, line];
      return { text: '', cursor: 0, history, browsing: null, draft: '' };
    }
  }
}
