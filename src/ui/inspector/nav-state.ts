import type { IterationView } from '../state/run-state.ts';
import { wrapDoc, type Doc } from './document.ts';
import { iterationOf, subcallOf, type InspectorData } from './inspector-data.ts';
import { iterationDoc } from './iteration-doc.ts';
import type { SearchMatch } from './search.ts';
import { subcallDoc } from './subcall-doc.ts';
import { subcallRows, type SubcallRow } from './subcall-rows.ts';

export interface Size {
  columns: number;
  rows: number;
}

/** The iteration list of one RLM of the tree (the root at first). */
export interface RlmScreen {
  kind: 'rlm';
  rlmId: string;
  cursor: number;
}

/** An opened iteration: its full text, and its sub-call list; `focus` says which of the two the keys move. */
export interface IterationScreen {
  kind: 'iteration';
  rlmId: string;
  iteration: number;
  scroll: number;
  focus: 'text' | 'subcalls';
  cursor: number;
  /** Batches whose default folding (small open, big folded) the user flipped. */
  toggled: string[];
}

export interface SubcallScreen {
  kind: 'subcall';
  subcallId: string;
  scroll: number;
}

export interface SearchScreen {
  kind: 'search';
  query: string;
  /** Typing the query (true) or moving through the results (false). */
  editing: boolean;
  results: SearchMatch[];
  cursor: number;
}

export interface CostScreen {
  kind: 'cost';
}

export type Screen = RlmScreen | IterationScreen | SubcallScreen | SearchScreen | CostScreen;

export interface NavState {
  /** Where the user came from; the last entry is on screen. Never empty. */
  stack: Screen[];
  size: Size;
  /** The last search, shown highlighted in texts and offered again by `/`. */
  query: string;
  quit: boolean;
}

export function initialNav(size: Size): NavState {
  return { stack: [{ kind: 'rlm', rlmId: 'r0', cursor: 0 }], size, query: '', quit: false };
}

export const current = (state: NavState): Screen => state.stack.at(-1) as Screen;

// Layout: every screen has a two-line header and a one-line footer, with one row to spare so ink never scrolls.
export const CHROME_ROWS = 4;
export const bodyRows = (size: Size) => Math.max(4, size.rows - CHROME_ROWS);
/** Rows of the iteration list below the RLM's own two info lines and the column line. */
export const rlmListRows = (size: Size) => Math.max(1, bodyRows(size) - 3);
/** Rows of search results below the query line and the count line. */
export const searchListRows = (size: Size) => Math.max(1, bodyRows(size) - 2);

/** An opened iteration splits its body between the text and the sub-call list (a title line plus rows). */
export function iterationPanes(size: Size, rowCount: number): { text: number; list: number } {
  const body = bodyRows(size);
  if (rowCount === 0) return { text: body, list: 0 };
  const list = Math.min(rowCount, Math.max(3, Math.floor(body * 0.35))) + 1;
  return { text: Math.max(2, body - list), list };
}

/** Rows of text a screen shows at once: the page size for scrolling. */
export function textRows(data: InspectorData, state: NavState, screen: IterationScreen | SubcallScreen): number {
  if (screen.kind === 'subcall') return bodyRows(state.size);
  return iterationPanes(state.size, rowsOf(data, screen).length).text;
}

export function iterationFor(data: InspectorData, screen: IterationScreen): IterationView | undefined {
  return iterationOf(data, screen.rlmId, screen.iteration);
}

export function rowsOf(data: InspectorData, screen: IterationScreen): SubcallRow[] {
  const iteration = iterationFor(data, screen);
  return iteration ? subcallRows(data, iteration, screen.toggled) : [];
}

const EMPTY_DOC: Doc = { lines: [], sections: [] };
const docCache = new WeakMap<InspectorData, Map<string, Doc>>();

/** The wrapped text of an opened iteration or sub-call, cached per width (documents can be megabytes). */
export function docOf(data: InspectorData, screen: IterationScreen | SubcallScreen, width: number): Doc {
  const key =
    screen.kind === 'iteration' ? `i:${screen.rlmId}:${screen.iteration}:${width}` : `s:${screen.subcallId}:${width}`;
  let cache = docCache.get(data);
  if (!cache) docCache.set(data, (cache = new Map()));
  const cached = cache.get(key);
  if (cached) return cached;
  let doc = EMPTY_DOC;
  if (screen.kind === 'iteration') {
    const iteration = iterationFor(data, screen);
    if (iteration) doc = wrapDoc(iterationDoc(data, screen.rlmId, iteration), width);
  } else {
    const subcall = subcallOf(data, screen.subcallId);
    if (subcall) doc = wrapDoc(subcallDoc(data, subcall), width);
  }
  if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
  cache.set(key, doc);
  return doc;
}

export const maxScroll = (data: InspectorData, state: NavState, screen: IterationScreen | SubcallScreen) =>
  Math.max(0, docOf(data, screen, state.size.columns).lines.length - textRows(data, state, screen));

/** First row of a window of `height` rows that keeps `cursor` in view, roughly centred. */
export function windowStart(cursor: number, count: number, height: number): number {
  if (count <= height) return 0;
  return Math.min(Math.max(0, cursor - Math.floor(height / 2)), count - height);
}
