import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../../src/engine/index.ts';
import { DocBuilder, lineText, markMatches, wrapDoc } from '../../../src/ui/inspector/document.ts';
import { buildInspectorData } from '../../../src/ui/inspector/inspector-data.ts';
import { docOf, initialNav, rowsOf, type IterationScreen } from '../../../src/ui/inspector/nav-state.ts';
import { navigate } from '../../../src/ui/inspector/navigate.ts';
import { searchTree } from '../../../src/ui/inspector/search.ts';

describe('documents', () => {
  it('wrap at a space when one is near, keep each piece’s role, and keep sections on their lines', () => {
    const doc = new DocBuilder()
      .line('short')
      .section('next')
      .line({ text: 'alpha beta gamma ', role: 'dim' }, { text: 'delta-epsilon', role: 'fail' })
      .build();
    const wrapped = wrapDoc(doc, 12);
    expect(wrapped.lines.map(lineText)).toEqual(['short', 'alpha beta ', 'gamma delta-', 'epsilon']);
    expect(wrapped.lines[2]).toEqual([
      { text: 'gamma ', role: 'dim' },
      { text: 'delta-', role: 'fail' },
    ]);
    expect(wrapped.sections).toEqual([{ id: 'next', line: 1 }]);
  });

  it('cut a line without spaces hard, strip terminal escapes and expand tabs', () => {
    const doc = new DocBuilder().text('\u001B[31mred\u001B[0m\there\r').line('x'.repeat(25)).line().build();
    expect(wrapDoc(doc, 10).lines.map(lineText)).toEqual(['red    ', 'here', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx', '']);
  });

  it('wrap a megabyte line', () => {
    const wrapped = wrapDoc(new DocBuilder().line('word '.repeat(200_000)).build(), 100);
    expect(wrapped.lines).toHaveLength(10_000);
  });

  it('mark every occurrence of a query across pieces, case-insensitively', () => {
    const pieces = markMatches(
      [
        { text: 'const ne', role: 'code-keyword' },
        { text: 'edle = "Needle"', role: 'code-string' },
      ],
      'needle',
    );
    expect(pieces.filter((piece) => piece.hit).map((piece) => piece.text)).toEqual(['ne', 'edle', 'Needle']);
    expect(pieces.map((piece) => piece.text).join('')).toBe('const needle = "Needle"');
  });
});

// Larger recorded logs (events only, no header), when the fixtures helper has made them.
describe.each(['fixtures/events/map-1000.jsonl', 'fixtures/events/depth-2.jsonl'].filter((file) => existsSync(file)))(
  '%s',
  (file) => {
    it('opens every iteration of every RLM, lists its sub-calls and searches the tree', () => {
      const log = parseLog(readFileSync(file, 'utf8'));
      const data = buildInspectorData({ file, header: log.header, events: log.events, partial: log.partial });
      const size = { columns: 100, rows: 30 };
      for (const [rlmId, rlm] of Object.entries(data.view.rlms)) {
        for (const iteration of rlm.iterations) {
          const screen: IterationScreen = {
            kind: 'iteration',
            rlmId,
            iteration: iteration.iteration,
            scroll: 0,
            focus: 'text',
            cursor: 0,
            toggled: [],
          };
          expect(docOf(data, screen, size.columns).lines.length).toBeGreaterThan(0);
          for (const row of rowsOf(data, screen))
            if (row.kind === 'batch' && row.ids.length > 12) expect(row.expanded).toBe(false);
        }
      }
      const state = navigate(navigate(initialNav(size), { type: 'search' }, data), { type: 'type', text: 'e' }, data);
      expect(navigate(state, { type: 'open' }, data).stack.at(-1)).toMatchObject({ kind: 'search', editing: false });
      expect(searchTree(data, 'e').length).toBeGreaterThan(0);
    });
  },
);
