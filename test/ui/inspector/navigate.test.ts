import { beforeAll, describe, expect, it } from 'vitest';
import type { RlmEvent } from '../../../src/engine/index.ts';
import { breadcrumb } from '../../../src/ui/inspector/breadcrumb.ts';
import { lineText } from '../../../src/ui/inspector/document.ts';
import type { InspectorData } from '../../../src/ui/inspector/inspector-data.ts';
import { actionForKey, applyInput } from '../../../src/ui/inspector/key-map.ts';
import {
  current,
  docOf,
  initialNav,
  maxScroll,
  rowsOf,
  textRows,
  type NavState,
  type Screen,
} from '../../../src/ui/inspector/nav-state.ts';
import { navigate, type NavAction } from '../../../src/ui/inspector/navigate.ts';
import { recordDepth2Log } from './depth-2-log.ts';
import { DEMO, dataOf, loadLog } from './helpers.tsx';

const SIZE = { columns: 100, rows: 30 };

function run(data: InspectorData, ...actions: NavAction[]): NavState {
  return actions.reduce((state, action) => navigate(state, action, data), initialNav(SIZE));
}
const crumbs = (data: InspectorData, state: NavState) => breadcrumb(data, state.stack).join(' › ');
function top<K extends Screen['kind']>(state: NavState, kind: K): Extract<Screen, { kind: K }> {
  const screen = current(state);
  expect(screen.kind).toBe(kind);
  return screen as Extract<Screen, { kind: K }>;
}

const open: NavAction = { type: 'open' };
const back: NavAction = { type: 'back' };
const down: NavAction = { type: 'move', by: 1 };
const tab: NavAction = { type: 'focus' };
const type = (text: string): NavAction => ({ type: 'type', text });

let demo: InspectorData;
let deep: InspectorData;
let deepEvents: RlmEvent[];
beforeAll(async () => {
  demo = loadLog(DEMO);
  deepEvents = await recordDepth2Log();
  deep = dataOf(deepEvents);
});

describe('navigation reducer', () => {
  it('moves the cursor within the iteration list and opens an iteration', () => {
    expect(top(run(demo, { type: 'move', by: -1 }), 'rlm').cursor).toBe(0);
    expect(top(run(demo, down, down, down, down, down), 'rlm').cursor).toBe(3);
    const state = run(demo, down, down, open);
    expect(top(state, 'iteration')).toMatchObject({ rlmId: 'r0', iteration: 3, scroll: 0, focus: 'text' });
    expect(crumbs(demo, state)).toBe('r0 › turn 3');
    expect(crumbs(demo, run(demo, down, down, open, back))).toBe('r0');
    expect(run(demo, back).stack).toHaveLength(1);
  });

  it('scrolls an opened iteration by line, page and to either end, within bounds', () => {
    const opened = run(demo, down, down, open);
    const screen = top(opened, 'iteration');
    const last = maxScroll(demo, opened, screen);
    expect(last).toBeGreaterThan(20);
    expect(top(run(demo, down, down, open, down, down), 'iteration').scroll).toBe(2);
    expect(top(run(demo, down, down, open, { type: 'move', by: -1 }), 'iteration').scroll).toBe(0);
    expect(top(run(demo, down, down, open, { type: 'page', by: 1 }), 'iteration').scroll).toBeGreaterThan(5);
    expect(top(run(demo, down, down, open, { type: 'edge', to: 'bottom' }), 'iteration').scroll).toBe(last);
    expect(top(run(demo, down, down, open, { type: 'edge', to: 'bottom' }, down), 'iteration').scroll).toBe(last);
    expect(
      top(run(demo, down, down, open, { type: 'edge', to: 'bottom' }, { type: 'edge', to: 'top' }), 'iteration').scroll,
    ).toBe(0);
    // `]` walks the sections: the request, each of its messages, the reply, the cell and its output; `[` walks back.
    const doc = docOf(demo, screen, SIZE.columns);
    const headings: string[] = [];
    let state = opened;
    for (let press = 0; press < 12; press += 1) {
      const next = navigate(state, { type: 'section', by: 1 }, demo);
      if (top(next, 'iteration').scroll <= top(state, 'iteration').scroll) break;
      state = next;
      headings.push(lineText(doc.lines[top(state, 'iteration').scroll] ?? []));
    }
    expect(headings.slice(0, 3)).toEqual(['── request to demo-root (6 messages) ──', '── system ──', '── user ──']);
    expect(headings.slice(3, 7)).toEqual(['── assistant ──', '── user ──', '── assistant ──', '── user ──']);
    expect(headings[7]).toMatch(/^── reply · 1\.8k in · 0 cached · 224 out · cost unknown · 650 ms/);
    expect(headings.slice(8)).toEqual(['── cell 1 [grep] [map] ✓ 1.3 s · 8 sub-calls ──', '── output ──']);
    expect(top(navigate(state, { type: 'section', by: -1 }, demo), 'iteration').scroll).toBeLessThan(
      top(state, 'iteration').scroll,
    );
  });

  it('shows the exact request, full reply and full cell output of an iteration', () => {
    const state = run(demo, down, down, open);
    const text = docOf(demo, top(state, 'iteration'), SIZE.columns).lines.map(lineText).join('\n');
    const call = demo.view.calls.get('c3');
    expect(text).toContain('── system ──');
    expect(text).toContain('You are the root of a Recursive Language Model (RLM).');
    expect(text).toContain(call?.end?.text.split('\n').at(-2) ?? 'missing');
    expect(text).toContain('chunk 8:');
  });

  it('opens a sub-call from the list; a batch header folds and unfolds its items', () => {
    const listed = run(demo, down, down, open, tab);
    const screen = top(listed, 'iteration');
    expect(screen.focus).toBe('subcalls');
    expect(rowsOf(demo, screen).map((row) => row.kind)).toEqual(['batch', ...Array(8).fill('call')]);
    expect(rowsOf(demo, top(navigate(listed, open, demo), 'iteration'))).toHaveLength(1);
    const opened = run(demo, down, down, open, tab, down, down, open);
    expect(top(opened, 'subcall').subcallId).toBe('s7');
    expect(crumbs(demo, opened)).toBe('r0 › turn 3 › llm_query s7');
    expect(top(navigate(opened, back, demo), 'iteration').cursor).toBe(2);
    expect(top(run(demo, down, down, open, tab, tab), 'iteration').focus).toBe('text');
  });

  it('opens an rlm_query that ran a child RLM as that child’s iterations, with a breadcrumb, and walks back', () => {
    const child = run(deep, open, tab, open);
    expect(top(child, 'rlm').rlmId).toBe('r0.1');
    expect(crumbs(deep, child)).toBe('r0 › turn 1 › r0.1');
    const grandchild = [open, tab, open, open].reduce((state, action) => navigate(state, action, deep), child);
    expect(crumbs(deep, grandchild)).toBe('r0 › turn 1 › r0.1 › turn 1 › r0.1.1 › turn 1');
    const leaf = [tab, open].reduce((state, action) => navigate(state, action, deep), grandchild);
    expect(top(leaf, 'subcall').subcallId).toBe(deep.view.rlms['r0.1.1']?.iterations[0]?.cells[0]?.subcallIds[0]);
    const backed = [back, back, back].reduce((state, action) => navigate(state, action, deep), leaf);
    expect(crumbs(deep, backed)).toBe('r0 › turn 1 › r0.1 › turn 1');
  });

  it('searches the whole tree and jumps to a match as a path from the root', () => {
    const typed = run(deep, { type: 'search' }, type('z'), type('ebra'), { type: 'erase' }, type('a'));
    expect(top(typed, 'search')).toMatchObject({ query: 'zebra', editing: true });
    const searched = navigate(typed, open, deep);
    const results = top(searched, 'search').results;
    expect(results.map((match) => `${match.where} ${match.field}`)).toEqual([
      'r0 › turn 1 › cell 1 output',
      'r0 › turn 1 › cell 1 › rlm_query s2 response',
      'r0.1 › turn 1 reply',
      'r0.1 › turn 1 › cell 1 code',
      'r0.1 › turn 1 › cell 1 output',
      'r0.1 › turn 1 › cell 1 › rlm_query s4 response',
      'r0.1.1 › turn 1 reply',
      'r0.1.1 › turn 1 › cell 1 code',
      'r0.1.1 › turn 1 › cell 1 output',
      'r0.1.1 › turn 1 › cell 1 value',
      'r0.1.1 › turn 1 › cell 1 › llm_query s6 prompt',
      'r0.1.1 › turn 1 › cell 1 › llm_query s6 response',
      'r0.1 › turn 2 › cell 1 value',
      'r0 › turn 2 › cell 1 value',
    ]);
    expect(results[7]).toMatchObject({ match: 'zebra', count: 1 });
    const leafPrompt = results.findIndex((match) => match.field === 'prompt' && match.where.endsWith('llm_query s6'));
    const jumped = navigate(
      { ...searched, stack: [...searched.stack.slice(0, -1), { ...top(searched, 'search'), cursor: leafPrompt }] },
      open,
      deep,
    );
    expect(crumbs(deep, jumped)).toBe('r0 › turn 1 › r0.1 › turn 1 › r0.1.1 › turn 1 › llm_query s6');
    expect(jumped.query).toBe('zebra');
    // Back walks up the tree; each iteration on the way has its sub-call list on the call that led down.
    const up = navigate(jumped, back, deep);
    expect(top(up, 'iteration')).toMatchObject({ rlmId: 'r0.1.1', focus: 'subcalls', cursor: 0 });
    // A match in a cell's output scrolls the opened iteration to the hit.
    const outputAt = results.findIndex((match) => match.where === 'r0 › turn 1 › cell 1' && match.field === 'output');
    const inOutput = navigate(
      { ...searched, stack: [...searched.stack.slice(0, -1), { ...top(searched, 'search'), cursor: outputAt }] },
      open,
      deep,
    );
    const screen = top(inOutput, 'iteration');
    expect(screen.scroll).toBeGreaterThan(0);
    const visible = docOf(deep, screen, SIZE.columns)
      .lines.slice(screen.scroll, screen.scroll + textRows(deep, inOutput, screen))
      .map(lineText)
      .join('\n');
    expect(visible).toContain('child said: child says grand a striped zebra');
  });

  it('leaves search on an empty query and keeps letters as text while typing', () => {
    expect(run(demo, { type: 'search' }, open).stack).toHaveLength(1);
    const searching = run(demo, { type: 'search' });
    expect(actionForKey('q', {}, current(searching))).toEqual({ type: 'type', text: 'q' });
    expect(actionForKey('q', {}, current(initialNav(SIZE)))).toEqual({ type: 'quit' });
    expect(actionForKey('', { escape: true }, current(searching))).toEqual({ type: 'back' });
    const none = navigate(run(demo, { type: 'search' }, type('no such text anywhere')), open, demo);
    expect(top(none, 'search').results).toEqual([]);
    // `/` again offers the last query.
    const again = run(demo, { type: 'search' }, type('pool'), open, open, { type: 'search' });
    expect(top(again, 'search')).toMatchObject({ query: 'pool', editing: true });
  });

  it('opens the cost view once and returns from it', () => {
    const state = run(demo, down, open, { type: 'cost' }, { type: 'cost' });
    expect(state.stack.map((screen) => screen.kind)).toEqual(['rlm', 'iteration', 'cost']);
    expect(crumbs(demo, navigate(state, back, demo))).toBe('r0 › turn 2');
    expect(demo.summary.usage.byDepth[1]?.calls).toBe(9);
    expect(deep.summary.usage.byModel['root-model']?.costUsd).toBeGreaterThan(0);
    expect(deep.summary.usage.byModel['sub-model']?.costUsd).toBeNull();
  });

  it('works on a partial log and quits', () => {
    const cut = deepEvents.findIndex((event) => event.type === 'subcall_start' && event.batchId !== null);
    const partial = dataOf(deepEvents.slice(0, cut + 2));
    expect(partial.partial).toBe(true);
    const state = run(partial, down, open, tab, down, open);
    expect(top(state, 'subcall').subcallId).toBe(partial.view.rlms.r0?.iterations[1]?.cells[0]?.subcallIds[0]);
    const text = docOf(partial, top(state, 'subcall'), SIZE.columns).lines.map(lineText).join('\n');
    expect(text).toContain('no response: the log stops before this call finished');
    expect(run(partial, { type: 'quit' }).quit).toBe(true);
  });

  it('reads a chunk of several keys (a held key, fast typing) as one press each', () => {
    expect(crumbs(demo, applyInput(initialNav(SIZE), 'jj\r', {}, demo))).toBe('r0 › turn 3');
    const searched = applyInput(initialNav(SIZE), '/zebra\r', {}, deep);
    expect(top(searched, 'search')).toMatchObject({ query: 'zebra', editing: false });
    expect(top(searched, 'search').results.length).toBeGreaterThan(3);
    expect(crumbs(deep, applyInput(searched, '\u001B', { escape: true }, deep))).toBe('r0');
  });
});
