import type { Key } from 'ink';

/** Lines under the live turn while a run goes on: the meter's rule and line, and the key hint. */
const FOOTER_ROWS = 3;
/** The turn, cell and batch lines an expanded list leaves room for. */
const TURN_CONTEXT_ROWS = 10;
const MIN_LIST_ROWS = 3;
const MAX_LIST_ROWS = 40;

export interface LiveLayout {
  /** Rows the live turn may take. */
  turnRows: number;
  /** Rows an expanded batch list may take, its "above" / "more" lines included. */
  listRows: number;
}

/**
 * How the live area shares the terminal. It stays at least one row shorter than the terminal: ink redraws a frame
 * that fills the screen from the top on every render, copying it into the scrollback each time.
 */
export function liveLayout(terminalRows: number, extra: { retryLine: boolean }): LiveLayout {
  const turnRows = Math.max(MIN_LIST_ROWS + 1, terminalRows - 1 - FOOTER_ROWS - (extra.retryLine ? 1 : 0));
  const listRows = Math.max(MIN_LIST_ROWS, Math.min(MAX_LIST_ROWS, turnRows - TURN_CONTEXT_ROWS));
  return { turnRows, listRows };
}

/** How far a key scrolls an expanded list: arrows and j/k by one, page keys and space by a page. */
export function scrollKey(input: string, key: Key, pageRows: number): number {
  const page = Math.max(1, pageRows - 2);
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp || input === 'b') return -page;
  if (key.pageDown || input === ' ') return page;
  return 0;
}
