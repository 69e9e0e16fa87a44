import { Box } from 'ink';
import type { ReactNode } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import { CodeCell } from '../../src/ui/components/code-cell.tsx';
import { CostMeter } from '../../src/ui/components/cost-meter.tsx';
import { SubcallTree } from '../../src/ui/components/subcall-tree.tsx';
import { formatTokens } from '../../src/ui/format.ts';
import {
  COLOR_THEME,
  foldEvents,
  PLAIN_THEME,
  RunApp,
  ThemeContext,
  type CellView,
  type EventSource,
  type RunView,
} from '../../src/ui/index.ts';
import type { Theme } from '../../src/ui/theme.tsx';
import { colour, colourCodes, eventFactory, fakeSource, loadEvents, ofType, stripAnsi, waitFor } from './support.ts';

// Colours on, whatever the test runner's terminal: the NO_COLOR test must be able to see them when they are there.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

const map = loadEvents('map-1000');
const deep = loadEvents('depth-2');
/** The UI clock: 5 s after the fixture run started, so live frames show a fixed elapsed time. */
const NOW = (map[0]?.ts ?? 0) + 5_000;

afterEach(() => cleanup());

function mount(
  source: EventSource,
  options: {
    width?: number;
    rows?: number;
    theme?: Theme;
    onAbort?: (key: 'q' | 'Ctrl-C') => void;
    onForceQuit?: () => void;
  } = {},
) {
  const app = render(
    <ThemeContext.Provider value={options.theme ?? PLAIN_THEME}>
      <Box width={options.width ?? 100} flexDirection="column">
        <RunApp
          source={source}
          animate={false}
          now={() => NOW}
          fps={60}
          rows={options.rows ?? 60}
          onAbort={options.onAbort}
          onForceQuit={options.onForceQuit}
        />
      </Box>
    </ThemeContext.Provider>,
  );
  return { ...app, frame: () => stripAnsi(app.frames.at(-1) ?? '') };
}

function piece(node: ReactNode, width = 100, theme: Theme = PLAIN_THEME, raw = false) {
  const app = render(
    <ThemeContext.Provider value={theme}>
      <Box width={width} flexDirection="column">
        {node}
      </Box>
    </ThemeContext.Provider>,
  );
  const frame = app.frames.at(-1) ?? '';
  return raw ? frame : stripAnsi(frame);
}

const lines = (frame: string) => frame.split('\n');
const lineWith = (frame: string, text: string) => lines(frame).find((line) => line.includes(text)) ?? '';
/** The cost meter's line (below its rule). */
const meterOf = (frame: string) => lines(frame).find((line) => line.startsWith('in ')) ?? '';
/** Events up to and including the one at which `predicate` first holds. */
const until = (events: RlmEvent[], predicate: (event: RlmEvent, index: number) => boolean) =>
  events.slice(0, events.findIndex(predicate) + 1);
const nthSubcallEnd = (n: number) => {
  let seen = 0;
  return (event: RlmEvent) => event.type === 'subcall_end' && ++seen === n;
};

describe('RunApp on the 1,000-sub-call map run', () => {
  it('renders header, turns, cell labels, the batch line, the meter and the answer', async () => {
    const app = mount(fakeSource(map));
    await waitFor(() => app.frame().includes('Answer ('));
    const frame = app.frame();
    expect(frame).toContain('How many ERROR lines does the service log hold');
    expect(frame).toContain('root root-model · sub sub-model · one string · 48,508 chars');
    for (const turn of [1, 2, 3, 4]) expect(frame).toContain(`▸ Turn ${turn}/6`);
    expect(lineWith(frame, 'cell 1 [peek]')).toContain('✓');
    expect(frame).toContain('cell 1 [grep] ✓');
    expect(frame).toContain('cell 1 [map] ✓');
    expect(frame).toContain('cell 1 [sub-call] [finish] ✓');
    expect(frame).toContain('⟨ 2000 lines, 286 errors');
    const batch = lineWith(frame, 'map 1000/1000');
    expect(batch).toMatch(
      /^ {4}! map 1000\/1000 ✗ 2 failed ↻ 1 retried · [\d.]+ m?s p50 · [\d.]+ m?s p95 · \d+k tok · \$[\d.]+ · sub-model/,
    );
    expect(lineWith(frame, '✓ llm_query')).toMatch(/✓ llm_query · sub-model · [\d.]+ m?s · \d+ tok/);
    const view = foldEvents(map);
    const meter = meterOf(frame);
    expect(meter).toContain(
      `in ${formatTokens(view.usage.inputTokens)} · out ${formatTokens(view.usage.outputTokens)} · cached 0 │ $0.02 │`,
    );
    expect(meter).toContain('turn 4/6 │ calls 0/32 in flight │ depth 1/1');
    expect(frame).toMatch(/Answer \(final · [\d.]+ m?s · \$0\.02\)/);
    expect(frame).toContain('│ 286 ERROR lines; errors come from auth, billing and search');
    // Finished run: no key hints.
    expect(frame).not.toContain('q: cancel');
  });

  it('shows a live batch, expands it with e and collapses it again', async () => {
    const source = fakeSource();
    const app = mount(source, { width: 160 });
    source.emit(...until(map, nthSubcallEnd(400)));
    await waitFor(() => app.frame().includes('map 400/1000'));
    let frame = app.frame();
    // The header is printed once it knows the run, not empty at mount time.
    expect(frame).toContain('How many ERROR lines does the service log hold');
    expect(frame).toContain('▸ Turn 3/6');
    expect(frame).toContain('cell 1 [map] running…');
    expect(frame).toContain('map 400/1000');
    expect(frame).toContain('(e: expand)');
    // Only calls that took a slot are in flight; the rest are queued (the 429'd one waits to retry).
    expect(meterOf(frame)).toMatch(/calls 32\/32 in flight · 567 queued · 1 retrying │ depth 1\/1/);
    expect(lineWith(frame, 'map 400/1000')).toContain(' · 32 running · 567 queued · 1 retrying · ');
    // The elapsed time comes from the injected clock while the run is live.
    expect(meterOf(frame)).toContain(' │ 5.0 s │ turn 3/6 │ ');
    expect(frame).toContain('q: cancel · e: expand batch · v: full prose');
    expect(frame).not.toContain('#1 ');

    app.stdin.write('e');
    await waitFor(() => app.frame().includes('… 961 more'));
    frame = app.frame();
    expect(frame).not.toContain('(e: expand)');
    expect(frame).toMatch(/✓ #1 [\d.]+ m?s (INFO|auth|billing|search|none)/);
    expect(frame).toContain('… 961 more');

    app.stdin.write('e');
    await waitFor(() => app.frame().includes('(e: expand)'));
    expect(app.frame()).toContain('(e: expand)');
    expect(app.frame()).not.toContain('… 961 more');

    source.emit(...map.slice(until(map, nthSubcallEnd(400)).length));
    await waitFor(() => app.frame().includes('Answer ('));
    frame = app.frame();
    expect(frame).toContain('map 1000/1000 ✗ 2 failed ↻ 1 retried');
    expect(frame).toContain('286 ERROR lines; errors come from auth, billing and search');
    expect(frame).not.toContain('q: cancel');
  });

  it('folds events that arrive between the first render and the subscription', async () => {
    let calls = 0;
    const source: EventSource = {
      subscribe: () => () => {},
      trajectory: () => (++calls === 1 ? map.slice(0, 3) : map),
    };
    const app = mount(source);
    await waitFor(() => app.frame().includes('Answer ('));
    expect(app.frame()).toContain('▸ Turn 4/6');
    expect(app.frame()).toContain('286 ERROR lines; errors come from auth, billing and search');
  });

  it('fits every line in 80 columns', async () => {
    const cases: Array<[RlmEvent[], string]> = [
      [map, 'Answer ('],
      [deep, 'Answer ('],
      [until(map, nthSubcallEnd(400)), '… 961 more'],
    ];
    for (const [events, marker] of cases) {
      const app = mount(fakeSource(events), { width: 80 });
      await waitFor(() => app.frame().includes('▸ Turn'));
      // Expands the live batch, if there is one.
      app.stdin.write('e');
      await waitFor(() => app.frame().includes(marker));
      const frame = app.frame();
      expect(frame).toContain(marker);
      expect(frame).toContain('▸ Turn');
      const widest = Math.max(...lines(frame).map((line) => Array.from(line).length));
      expect(widest).toBeLessThanOrEqual(80);
      expect(widest).toBeGreaterThan(70);
      app.unmount();
    }
  });
});

describe('RunApp keys and prose', () => {
  const at = eventFactory();
  const prose = [
    'Line one of the plan.',
    'Line two.',
    'Line three.',
    'Line four, hidden at first.',
    'Line five, hidden too.',
  ];
  const events: RlmEvent[] = [
    at({
      type: 'run_start',
      question: 'What is in the data?',
      model: 'm',
      subModel: 's',
      context: { type: 'none', chars: 0, documents: 0, paths: [] },
      limits: {
        maxIterations: 3,
        maxDepth: 1,
        maxCostUsd: null,
        maxTokens: null,
        maxSubcalls: null,
        timeoutMs: null,
        concurrency: 4,
      },
    }),
    at({ type: 'iteration_start', iteration: 1, maxIterations: 3 }),
    at({ type: 'llm_call_start', callId: 'c1', model: 'm', purpose: 'root', instructions: null, messages: [] }),
    at({ type: 'llm_call_delta', callId: 'c1', text: `${prose.join('\n')}\n\n\`\`\`repl\nprint(1)\n\`\`\`` }),
  ];

  it('v shows the full prose, and shows the first lines again', async () => {
    const app = mount(fakeSource(events));
    await waitFor(() => app.frame().includes('Line three.'));
    expect(app.frame()).toContain('Line three.');
    expect(app.frame()).not.toContain('Line four');
    expect(app.frame()).toContain('… 2 more lines (v: show)');
    expect(app.frame()).not.toContain('print(1)');
    app.stdin.write('v');
    await waitFor(() => app.frame().includes('Line five'));
    expect(app.frame()).toContain('Line five, hidden too.');
    expect(app.frame()).not.toContain('more lines (v: show)');
    app.stdin.write('v');
    await waitFor(() => app.frame().includes('… 2 more lines'));
    expect(app.frame()).not.toContain('Line four');
  });

  it('q cancels once, then quits at once on the second press', async () => {
    const onAbort = vi.fn();
    const onForceQuit = vi.fn();
    const app = mount(fakeSource(events), { onAbort, onForceQuit });
    await waitFor(() => app.frame().includes('Line three.'));
    app.stdin.write('q');
    await waitFor(() => onAbort.mock.calls.length > 0);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(onForceQuit).not.toHaveBeenCalled();
    app.stdin.write('q');
    await waitFor(() => onForceQuit.mock.calls.length > 0);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(onForceQuit).toHaveBeenCalledTimes(1);
  });

  it('Ctrl-C counts like q', async () => {
    const onAbort = vi.fn();
    const onForceQuit = vi.fn();
    const app = mount(fakeSource(events), { onAbort, onForceQuit });
    await waitFor(() => app.frame().includes('Line three.'));
    app.stdin.write('\u0003');
    await waitFor(() => onAbort.mock.calls.length > 0);
    app.stdin.write('q');
    await waitFor(() => onForceQuit.mock.calls.length > 0);
    expect([onAbort.mock.calls.length, onForceQuit.mock.calls.length]).toEqual([1, 1]);
  });
});

describe('RunApp on the depth-2 run', () => {
  it('nests the child and grandchild RLMs under their rlm_query lines', async () => {
    const app = mount(fakeSource(deep), { width: 120 });
    await waitFor(() => app.frame().includes('Answer ('));
    const frame = app.frame();
    expect(frame).toContain('What is the vault code hidden in section B?');
    expect(frame).toContain('2 documents · 152 chars');
    expect(frame).toContain('cell 1 [recurse] ✓');
    const child = lineWith(frame, '→ child r0.1 ');
    const grandchild = lineWith(frame, '→ child r0.1.1');
    expect(child).toMatch(/✓ rlm_query → child r0\.1 · sub-model · [\d.]+ m?s · [\d.]+k tok · \$/);
    expect(grandchild).toMatch(/✓ rlm_query → child r0\.1\.1 · sub-model/);
    // Nesting: the grandchild's line is indented deeper than the child's.
    expect(grandchild.indexOf('✓')).toBeGreaterThan(child.indexOf('✓'));
    expect(frame).toContain('turn 2 [peek] [grep] [recurse]');
    expect(frame).toContain('turn 2 [sub-call]');
    expect(frame).toContain('⇒ 4711');
    expect(meterOf(frame)).toContain('depth 3/3');
    expect(frame).toContain('│ The vault code is 4711');
  });
});

describe('pieces', () => {
  const cell = (over: Partial<CellView>): CellView => ({
    index: 1,
    code: 'const x = context.slice(0, 5);\nundefinedFn(x);',
    language: 'repl',
    codeLabels: ['peek'],
    labels: ['peek'],
    status: 'ok',
    output: null,
    omittedChars: 0,
    errorMessage: null,
    cancelled: false,
    error: null,
    sessionReset: false,
    durationMs: 12,
    subcallIds: [],
    batchIds: [],
    toolCallIds: [],
    result: null,
    ...over,
  });

  it('CodeCell shows labels, status, code, output and what was cut', () => {
    const error = piece(
      <CodeCell
        cell={cell({
          status: 'error',
          output: 'ReferenceError: undefinedFn is not defined',
          omittedChars: 12345,
          sessionReset: true,
        })}
      />,
    );
    expect(lineWith(error, 'cell 2')).toBe('  cell 2 [peek] ✗ error 12 ms sandbox restarted');
    expect(error).toContain('│ const x = context.slice(0, 5);');
    expect(error).toContain('⟨ ReferenceError: undefinedFn is not defined');
    expect(error).toContain('(12,345 characters omitted for the model)');
    const long = piece(
      <CodeCell
        cell={cell({
          status: 'running',
          durationMs: null,
          code: Array.from({ length: 20 }, (_, i) => `line${i}()`).join('\n'),
          output: Array.from({ length: 10 }, (_, i) => `out ${i}`).join('\n'),
        })}
      />,
    );
    expect(long).toContain('running…');
    expect(long).toContain('line11()');
    expect(long).not.toContain('line12()');
    expect(long).toContain('… 8 more lines');
    expect(long).toContain('out 7');
    expect(long).not.toContain('out 8');
    expect(long).toContain('… 2 more lines');
  });

  it('CostMeter shows tokens, cost against the limit, time, turn, calls and depth, and the last warning', () => {
    const at = eventFactory();
    const view = foldEvents([
      at({
        type: 'run_start',
        question: 'q',
        model: 'm',
        subModel: 's',
        context: { type: 'none', chars: 0, documents: 0, paths: [] },
        limits: {
          maxIterations: 10,
          maxDepth: 2,
          maxCostUsd: 2,
          maxTokens: null,
          maxSubcalls: null,
          timeoutMs: 600_000,
          concurrency: 8,
        },
      }),
      at({ type: 'iteration_start', iteration: 1, maxIterations: 10 }),
      at({ type: 'iteration_start', iteration: 2, maxIterations: 10 }),
      at({ type: 'llm_call_start', callId: 'c1', model: 'm', purpose: 'root', instructions: null, messages: [] }),
      at({
        type: 'llm_call_end',
        callId: 'c1',
        model: 'm',
        purpose: 'root',
        ok: true,
        text: 'x',
        reasoning: null,
        finishReason: 'stop',
        usage: { inputTokens: 123_456, outputTokens: 7_890, cachedInputTokens: 45_000, reasoningTokens: 0 },
        costUsd: 1.7,
        latencyMs: 1,
        cached: false,
        retries: 0,
        error: null,
      }),
      at({ type: 'llm_call_start', callId: 'c2', model: 'm', purpose: 'root', instructions: null, messages: [] }),
      at({ type: 'budget_warning', limit: 'cost', used: 1.7, max: 2 }),
    ]);
    const frame = piece(<CostMeter view={view} elapsedMs={65_000} />, 160);
    expect(meterOf(frame)).toBe(
      'in 123k · out 7.9k · cached 45k │ $1.70 / $2.00 │ 1 min 5 s / 10 min 0 s │ turn 2/10 │ calls 0/8 in flight · 1 queued │ depth 0/2 │ ! cost at 85%',
    );
    // Over the limit, colours mark the cost.
    expect(piece(<CostMeter view={view} elapsedMs={0} />, 160, COLOR_THEME, true)).toContain(
      `${colour(33)} │ $1.70 / $2.00${colour(39)}`,
    );
  });

  it('SubcallTree draws a batch as one line, and lists its items when expanded', () => {
    const view: RunView = foldEvents(map);
    const mapCell = view.rlms.r0?.iterations[2]?.cells[0] as CellView;
    const collapsed = piece(
      <SubcallTree view={view} cell={mapCell} options={{ expandedBatches: new Set(), animate: false }} />,
    );
    expect(lines(collapsed).filter((line) => line.trim() !== '')).toHaveLength(1);
    expect(collapsed).toContain('map 1000/1000 ✗ 2 failed ↻ 1 retried');
    const expanded = piece(
      <SubcallTree
        view={view}
        cell={mapCell}
        options={{ expandedBatches: new Set(mapCell.batchIds), animate: false }}
      />,
    );
    const items = lines(expanded).filter((line) => /#\d+ /.test(line));
    // 40 rows at most, the "more" line included.
    expect(items).toHaveLength(39);
    expect(items[0]).toMatch(/✓ #1 [\d.]+ m?s none/);
    // Item 18 is chunk 17, which failed: its error is shown instead of a response.
    expect(items[17]).toMatch(/✗ #18 [\d.]+ m?s HTTP 400: chunk 17 was rejected/);
    expect(expanded).toContain('… 961 more');
    const single = view.rlms.r0?.iterations[3]?.cells[0] as CellView;
    expect(
      piece(<SubcallTree view={view} cell={single} options={{ expandedBatches: new Set(), animate: false }} />),
    ).toMatch(/✓ llm_query · sub-model · [\d.]+ m?s · \d+ tok · \$[\d.]+ {2}Summarise which services logged errors/);
    expect(ofType(map, 'subcall_start')).toHaveLength(1001);
  });
});

describe('NO_COLOR', () => {
  it('renders without colour codes with PLAIN_THEME, and with them with COLOR_THEME', async () => {
    const cases: Array<[RlmEvent[], string]> = [
      [map, 'Answer ('],
      [deep, 'Answer ('],
      [until(map, nthSubcallEnd(400)), 'map 400/1000'],
    ];
    for (const [events, marker] of cases) {
      const plain = mount(fakeSource(events), { theme: PLAIN_THEME });
      const coloured = mount(fakeSource(events), { theme: COLOR_THEME });
      await waitFor(() => plain.frame().includes(marker) && stripAnsi(coloured.frames.at(-1) ?? '').includes(marker));
      expect(plain.frame()).toContain(marker);
      expect(plain.frame()).toContain('▸ Turn');
      expect(plain.frames.flatMap(colourCodes)).toEqual([]);
      expect(coloured.frames.flatMap(colourCodes).length).toBeGreaterThan(10);
      plain.unmount();
      coloured.unmount();
    }
  });
});
