import type { InspectorData } from './inspector-data.ts';
import {
  current,
  docOf,
  iterationPanes,
  maxScroll,
  rlmListRows,
  rowsOf,
  searchListRows,
  textRows,
  type NavState,
  type Screen,
  type SearchScreen,
  type Size,
} from './nav-state.ts';
import { pathToTarget } from './paths.ts';
import { searchTree } from './search.ts';

export type NavAction =
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'edge'; to: 'top' | 'bottom' }
  | { type: 'section'; by: 1 | -1 }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'focus' }
  | { type: 'search' }
  | { type: 'type'; text: string }
  | { type: 'erase' }
  | { type: 'cost' }
  | { type: 'resize'; size: Size }
  | { type: 'quit' };

const clamp = (value: number, max: number) => Math.min(Math.max(0, value), Math.max(0, max));
const replaceTop = (state: NavState, screen: Screen): NavState => ({
  ...state,
  stack: [...state.stack.slice(0, -1), screen],
});
const push = (state: NavState, screen: Screen): NavState => ({ ...state, stack: [...state.stack, screen] });

/** The inspector's whole behaviour as a pure function of (state, action) over the indexed log. */
export function navigate(state: NavState, action: NavAction, data: InspectorData): NavState {
  const screen = current(state);
  switch (action.type) {
    case 'quit':
      return { ...state, quit: true };
    case 'resize':
      return { ...state, size: action.size };
    case 'back':
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
    case 'cost':
      return screen.kind === 'cost' ? state : push(state, { kind: 'cost' });
    case 'search':
      if (screen.kind === 'search') return replaceTop(state, { ...screen, editing: true });
      return push(state, {
        kind: 'search',
        query: state.query,
        editing: true,
        results: searchTree(data, state.query),
        cursor: 0,
      });
    case 'type':
    case 'erase':
      if (screen.kind !== 'search' || !screen.editing) return state;
      return replaceTop(state, {
        ...screen,
        query: action.type === 'type' ? screen.query + action.text : screen.query.slice(0, -1),
      });
    case 'focus':
      if (screen.kind !== 'iteration' || rowsOf(data, screen).length === 0) return state;
      return replaceTop(state, { ...screen, focus: screen.focus === 'text' ? 'subcalls' : 'text' });
    case 'open':
      return open(state, screen, data);
    case 'move':
      return scroll(state, screen, data, () => action.by);
    case 'page':
      return scroll(state, screen, data, (page) => action.by * page);
    case 'edge':
      return scroll(state, screen, data, () => (action.to === 'top' ? -Infinity : Infinity));
    case 'section':
      return section(state, screen, data, action.by);
    default:
      return state;
  }
}

/** Moves the cursor (lists) or the scroll offset (texts) by what `by(pageSize)` says. */
function scroll(state: NavState, screen: Screen, data: InspectorData, by: (page: number) => number): NavState {
  const step = (value: number, page: number, max: number) => {
    const delta = by(Math.max(1, page));
    return clamp(delta === Infinity ? max : delta === -Infinity ? 0 : value + delta, max);
  };
  switch (screen.kind) {
    case 'rlm': {
      const count = data.view.rlms[screen.rlmId]?.iterations.length ?? 0;
      return replaceTop(state, { ...screen, cursor: step(screen.cursor, rlmListRows(state.size), count - 1) });
    }
    case 'iteration': {
      if (screen.focus === 'subcalls') {
        const rows = rowsOf(data, screen);
        return replaceTop(state, {
          ...screen,
          cursor: step(screen.cursor, iterationPanes(state.size, rows.length).list - 2, rows.length - 1),
        });
      }
      return replaceTop(state, {
        ...screen,
        scroll: step(screen.scroll, textRows(data, state, screen) - 1, maxScroll(data, state, screen)),
      });
    }
    case 'subcall':
      return replaceTop(state, {
        ...screen,
        scroll: step(screen.scroll, textRows(data, state, screen) - 1, maxScroll(data, state, screen)),
      });
    case 'search':
      if (screen.editing) return state;
      return replaceTop(state, {
        ...screen,
        cursor: step(screen.cursor, searchListRows(state.size), screen.results.length - 1),
      });
    default:
      return state;
  }
}

/** `]` / `[`: the text jumps to the next or previous section (request, reply, cell, output). */
function section(state: NavState, screen: Screen, data: InspectorData, by: 1 | -1): NavState {
  if (screen.kind !== 'subcall' && screen.kind !== 'iteration') return state;
  if (screen.kind === 'iteration' && screen.focus !== 'text') return state;
  const starts = docOf(data, screen, state.size.columns).sections.map((entry) => entry.line);
  const target = by > 0 ? starts.find((line) => line > screen.scroll) : starts.findLast((line) => line < screen.scroll);
  if (target === undefined) return state;
  return replaceTop(state, { ...screen, scroll: clamp(target, maxScroll(data, state, screen)) });
}

function open(state: NavState, screen: Screen, data: InspectorData): NavState {
  switch (screen.kind) {
    case 'rlm': {
      const iteration = data.view.rlms[screen.rlmId]?.iterations[screen.cursor];
      if (!iteration) return state;
      return push(state, {
        kind: 'iteration',
        rlmId: screen.rlmId,
        iteration: iteration.iteration,
        scroll: 0,
        focus: 'text',
        cursor: 0,
        toggled: [],
      });
    }
    case 'iteration': {
      const rows = rowsOf(data, screen);
      if (screen.focus === 'text') return rows.length > 0 ? replaceTop(state, { ...screen, focus: 'subcalls' }) : state;
      const row = rows[screen.cursor];
      if (!row) return state;
      if (row.kind === 'batch') {
        const toggled = screen.toggled.includes(row.batchId)
          ? screen.toggled.filter((id) => id !== row.batchId)
          : [...screen.toggled, row.batchId];
        return replaceTop(state, { ...screen, toggled });
      }
      return openSubcall(state, row.id, data);
    }
    case 'subcall': {
      const child = data.view.subcalls[screen.subcallId]?.childRlmId;
      return child && data.view.rlms[child] ? push(state, { kind: 'rlm', rlmId: child, cursor: 0 }) : state;
    }
    case 'search':
      return screen.editing ? submit(state, screen, data) : jump(state, screen, data);
    default:
      return state;
  }
}

/** A sub-call opens as its details, or, when it ran a child RLM, as that child's iteration list. */
function openSubcall(state: NavState, subcallId: string, data: InspectorData): NavState {
  const child = data.view.subcalls[subcallId]?.childRlmId;
  if (child && data.view.rlms[child]) return push(state, { kind: 'rlm', rlmId: child, cursor: 0 });
  return push(state, { kind: 'subcall', subcallId, scroll: 0 });
}

function submit(state: NavState, screen: SearchScreen, data: InspectorData): NavState {
  if (screen.query.trim() === '') return { ...state, stack: state.stack.slice(0, -1) };
  return replaceTop(
    { ...state, query: screen.query },
    { ...screen, editing: false, results: searchTree(data, screen.query), cursor: 0 },
  );
}

/** Enter on a result: the stack becomes the path from the root to the match, so esc walks back up the tree. */
function jump(state: NavState, screen: SearchScreen, data: InspectorData): NavState {
  const match = screen.results[screen.cursor];
  if (!match) return state;
  return { ...state, stack: pathToTarget(data, state, match.target, screen.query) };
}
