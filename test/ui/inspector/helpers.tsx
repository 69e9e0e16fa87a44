import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { parseLog, type RlmEvent } from '../../../src/engine/index.ts';
import { buildInspectorData, type InspectorData } from '../../../src/ui/inspector/inspector-data.ts';
import { InspectorApp } from '../../../src/ui/inspector/inspector-app.tsx';
import { PLAIN_THEME, ThemeContext } from '../../../src/ui/theme.tsx';

export const DEMO = 'fixtures/demo/run.jsonl';

export function loadLog(file: string, dropRunEnd = false): InspectorData {
  let text = readFileSync(file, 'utf8');
  if (dropRunEnd)
    text = text
      .split('\n')
      .filter((line) => !line.includes('"type":"run_end"'))
      .join('\n');
  const log = parseLog(text);
  return buildInspectorData({ file, header: log.header, events: log.events, partial: log.partial });
}

export function dataOf(
  events: RlmEvent[],
  partial = !events.some((event) => event.type === 'run_end' && event.depth === 0),
): InspectorData {
  return buildInspectorData({ file: 'test.jsonl', header: null, events, partial });
}

export const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

/** Mounts the inspector at 100×30 in plain colours; `press` writes keys with a tick after each. */
export function mount(data: InspectorData, size = { columns: 100, rows: 30 }) {
  let quits = 0;
  const app = render(
    <ThemeContext.Provider value={PLAIN_THEME}>
      <InspectorApp data={data} size={size} onQuit={() => (quits += 1)} />
    </ThemeContext.Provider>,
  );
  return {
    ...app,
    quits: () => quits,
    frame: () => app.frames.at(-1) ?? '',
    async press(...keys: string[]) {
      for (const key of keys) {
        app.stdin.write(key);
        await tick(key === '\u001B' ? 60 : 30);
      }
    },
  };
}

export const KEY = {
  down: '\u001B[B',
  up: '\u001B[A',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  pageDown: '\u001B[6~',
};
