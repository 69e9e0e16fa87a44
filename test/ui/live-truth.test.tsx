// Issue 10 §4 "the live view tells the truth": queued calls, retries, failed batches, cancelling, cost and limits,
// and a live area that never outgrows the terminal. Hand-written events folded by the reducer, rendered at 80/100.
import { Box } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import { PLAIN_THEME, RunApp, ThemeContext, type EventSource } from '../../src/ui/index.ts';
import { eventFactory, fakeSource, stripAnsi, waitFor } from './support.ts';

afterEach(() => cleanup());

function mount(
  source: EventSource,
  options: { width?: number; rows?: number; quit?: boolean; onAbort?: (key: 'q' | 'Ctrl-C') => void } = {},
) {
  const app = render(
    <ThemeContext.Provider value={PLAIN_THEME}>
      <Box width={options.width ?? 100} flexDirection="column">
        <RunApp
          source={source}
          animate={false}
          now={() => 0}
          fps={60}
          rows={options.rows ?? 30}
          quit={options.quit ?? false}
          onAbort={options.onAbort}
        />
      </Box>
    </ThemeContext.Provider>,
  );
  return { ...app, frame: () => stripAnsi(app.frames.at(-1) ?? '') };
}

const lines = (frame: string) => frame.split('\n');
const lineWith = (frame: string, text: string) => lines(frame).find((line) => line.includes(text)) ?? '';
const meterOf = (frame: string) => lines(frame).find((line) => line.startsWith('in ')) ?? '';
/** The live part of a frame: from the live turn's heading down (the header above is <Static>, printed once). */
const liveOf = (frame: string, turn: number) =>
  lines(frame).slice(lines(frame).findIndex((line) => line.startsWith(`▸ Turn ${turn}/`)));

const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0 };

/** A run in its first turn with one cell that started a batch of `size` llm_query calls. */
function batchRun(size: number, limits: { maxCostUsd?: number | null; concurrency?: number } = {}) {
  const at = eventFactory();
  const events: RlmEvent[] = [
    at({
      type: 'run_start',
      question: 'Which services log errors?',
      model: 'root-model',
      subModel: 'sub-model',
      context: { type: 'string', chars: 100, documents: 1, paths: [] },
      limits: {
        maxIterations: 5,
        maxDepth: 1,
        maxCostUsd: limits.maxCostUsd ?? null,
        maxTokens: null,
        maxSubcalls: null,
        timeoutMs: null,
        concurrency: limits.concurrency ?? 8,
      },
    }),
    at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
    at({ type: 'code_block', iteration: 1, index: 0, language: 'repl', code: 'await llm_query_batched(chunks)' }),
  ];
  for (let i = 0; i < size; i += 1) {
    events.push(
      at({
        type: 'subcall_start',
        subcallId: `s${i}`,
        kind: 'llm_query',
        mode: 'llm',
        model: 'sub-model',
        prompt: `chunk ${i}`,
        iteration: 1,
        blockIndex: 0,
        batchId: 'b1',
        batchIndex: i,
        batchSize: size,
      }),
      at(
        {
          type: 'llm_call_start',
          callId: `c${i}`,
          model: 'sub-model',
          purpose: 'sub',
          instructions: null,
          messages: [],
        },
        { parentId: `s${i}`, depth: 1 },
      ),
    );
  }
  const sub = (i: number) => ({ parentId: `s${i}`, depth: 1 });
  return {
    at,
    events,
    sent: (i: number, attempt = 0) => at({ type: 'llm_call_sent', callId: `c${i}`, attempt }, sub(i)),
    retry: (i: number, attempt: number, reason: string) =>
      at({ type: 'llm_call_retry', callId: `c${i}`, attempt, delayMs: 2_000, reason }, sub(i)),
    end: (i: number, ok: boolean, latencyMs: number, queuedMs: number, costUsd: number | null = 0.001) => [
      at(
        {
          type: 'llm_call_end',
          callId: `c${i}`,
          model: 'sub-model',
          purpose: 'sub',
          ok,
          text: ok ? `answer ${i}` : '',
          reasoning: null,
          finishReason: ok ? 'stop' : null,
          usage: ok ? usage : { ...usage, inputTokens: 0, outputTokens: 0 },
          costUsd: ok ? costUsd : 0,
          latencyMs,
          queuedMs,
          cached: false,
          retries: 0,
          error: ok ? null : { code: 'provider_failed', message: 'HTTP 500: down' },
        },
        sub(i),
      ),
      at({
        type: 'subcall_end',
        subcallId: `s${i}`,
        ok,
        response: ok ? `answer ${i}` : '',
        error: ok ? null : 'HTTP 500: down',
        // The cell's view of the call: its wait for a slot included.
        latencyMs: latencyMs + queuedMs,
      }),
    ],
  };
}

describe('queued calls are shown as queued, and latency is the request’s own', () => {
  it('counts running and queued apart, marks queued items without a spinner, and leaves the wait out of p50/p95', async () => {
    const run = batchRun(4, { concurrency: 2 });
    const source = fakeSource([...run.events, run.sent(0), run.sent(1), ...run.end(0, true, 100, 0), run.sent(2)]);
    const app = mount(source);
    await waitFor(() => app.frame().includes('map 1/4'));
    let frame = app.frame();
    expect(lineWith(frame, 'map 1/4')).toContain('map 1/4 · 2 running · 1 queued · 100 ms p50 · 100 ms p95');
    expect(meterOf(frame)).toContain('calls 2/2 in flight · 1 queued │');
    app.stdin.write('e');
    await waitFor(() => app.frame().includes('#4 '));
    frame = app.frame();
    expect(lineWith(frame, '#1 ')).toMatch(/✓ #1 100 ms answer 0/);
    expect(lineWith(frame, '#4 ')).toMatch(/◌ #4 queued chunk 3/);
    expect(lineWith(frame, '#2 ')).not.toContain('queued');

    // The last call waited 5 s for a slot and took 200 ms: p95 is 200 ms, not 5.2 s.
    source.emit(
      ...run.end(1, true, 150, 0),
      run.sent(3),
      ...run.end(2, true, 120, 900),
      ...run.end(3, true, 200, 5_000),
    );
    await waitFor(() => app.frame().includes('map 4/4'));
    expect(lineWith(app.frame(), 'map 4/4')).toContain('✓ map 4/4 · 120 ms p50 · 200 ms p95');
  });

  it('shows a batch whose calls all wait for a slot as queued, with no spinner', async () => {
    const run = batchRun(3);
    const app = mount(fakeSource(run.events));
    await waitFor(() => app.frame().includes('map 0/3'));
    expect(lineWith(app.frame(), 'map 0/3')).toMatch(/^ +◌ map 0\/3 · 0 running · 3 queued/);
    expect(meterOf(app.frame())).toContain('calls 0/8 in flight · 3 queued');
  });
});

describe('retries are visible', () => {
  it('shows the retry, its wait and its reason while the call waits, then clears it', async () => {
    const run = batchRun(1);
    const source = fakeSource([...run.events, run.sent(0), run.retry(0, 1, 'HTTP 503: Service Unavailable')]);
    const app = mount(source);
    await waitFor(() => app.frame().includes('↻ retry 1'));
    const frame = app.frame();
    expect(frame).toContain('↻ retry 1 in 2.0 s HTTP 503: Service Unavailable');
    expect(meterOf(frame)).toContain('calls 0/8 in flight · 1 retrying');
    expect(lineWith(frame, 'map 0/1')).toContain('1 retrying');
    source.emit(run.sent(0, 1));
    await waitFor(() => !app.frame().includes('↻ retry 1 in'));
    expect(app.frame()).not.toContain('↻ retry 1 in');
    expect(meterOf(app.frame())).toContain('calls 1/8 in flight │');
  });
});

describe('every status is true', () => {
  it('a batch whose every call failed gets ✗, not a check; a partly failed one gets !', async () => {
    const all = batchRun(3);
    const failed = mount(
      fakeSource([...all.events, ...[0, 1, 2].flatMap((i) => [all.sent(i), ...all.end(i, false, 5, 0)])]),
    );
    await waitFor(() => failed.frame().includes('map 3/3'));
    expect(lineWith(failed.frame(), 'map 3/3')).toMatch(/^ +✗ map 3\/3 ✗ 3 failed/);
    cleanup();
    const some = batchRun(2);
    const partly = mount(
      fakeSource([...some.events, some.sent(0), some.sent(1), ...some.end(0, true, 5, 0), ...some.end(1, false, 5, 0)]),
    );
    await waitFor(() => partly.frame().includes('map 2/2'));
    expect(lineWith(partly.frame(), 'map 2/2')).toMatch(/^ +! map 2\/2 ✗ 1 failed/);
  });

  it('q tells the CLI it was q, Ctrl-C that it was Ctrl-C', async () => {
    const run = batchRun(1);
    for (const [key, name] of [
      ['q', 'q'],
      ['\u0003', 'Ctrl-C'],
    ] as const) {
      const onAbort = vi.fn();
      const app = mount(fakeSource(run.events), { onAbort });
      await waitFor(() => app.frame().includes('map 0/1'));
      app.stdin.write(key);
      await waitFor(() => onAbort.mock.calls.length > 0);
      expect(onAbort).toHaveBeenCalledWith(name);
      cleanup();
    }
  });

  it('quitting at once (a second q or Ctrl-C) leaves a last frame that says so, with no spinner left behind', async () => {
    const run = batchRun(2);
    const events = [...run.events, run.sent(0)];
    const live = mount(fakeSource(events));
    await waitFor(() => live.frame().includes('map 0/2'));
    expect(live.frame()).toContain('⠋');
    cleanup();
    const app = mount(fakeSource(events), { quit: true });
    await waitFor(() => app.frame().includes('map 0/2'));
    const frame = app.frame();
    expect(frame).toContain('✗ Quit before the run finished');
    expect(frame).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(frame).not.toContain('q: cancel');
  });

  it('a cell stopped by cancelling says cancelled, not that the sandbox was restarted', async () => {
    const run = batchRun(0);
    const at = run.at;
    const events = [
      ...run.events,
      at({
        type: 'repl_output',
        iteration: 1,
        index: 0,
        ok: false,
        output: 'partial output',
        modelOutput:
          'partial output\nthe sandbox was restarted: every variable defined earlier is gone (`context` and the built-in functions are available again)',
        omittedChars: 0,
        value: null,
        error: {
          kind: 'aborted',
          name: 'Error',
          message: 'The run was cancelled while this cell was running',
          line: null,
        },
        sessionReset: true,
        durationMs: 40,
      }),
      at({ type: 'error', code: 'aborted', message: 'Cancelled by the user (q)' }),
      at({
        type: 'run_end',
        stopReason: 'aborted',
        answer: null,
        iterations: 1,
        subcalls: 0,
        usage: { total: usage, byDepth: {}, byModel: {}, costUsd: 0 },
        durationMs: 900,
        error: { code: 'aborted', message: 'Cancelled by the user (q)' },
      }),
    ];
    const app = mount(fakeSource(events));
    await waitFor(() => app.frame().includes('No answer'));
    const frame = app.frame();
    expect(frame).toContain('✗ cancelled');
    expect(frame).toContain('partial output');
    expect(frame).not.toContain('restarted');
    expect(frame).toContain('Cancelled by the user (q)');
  });

  it('with an unpriced model, "cost unknown" is never next to "$0"', async () => {
    const run = batchRun(2);
    const app = mount(
      fakeSource([
        ...run.events,
        run.sent(0),
        run.sent(1),
        ...run.end(0, true, 5, 0, null),
        ...run.end(1, true, 5, 0, null),
      ]),
    );
    await waitFor(() => app.frame().includes('map 2/2'));
    const frame = app.frame();
    expect(meterOf(frame)).toContain('cost unknown');
    expect(frame).not.toMatch(/\$0\b/);
  });

  it('at the cost limit the meter says the limit was reached, not the percentage it warned at', async () => {
    const run = batchRun(1, { maxCostUsd: 0.05 });
    const at = run.at;
    const events = [
      ...run.events,
      run.sent(0),
      ...run.end(0, true, 5, 0, 0.041),
      at({ type: 'budget_warning', limit: 'cost', used: 0.041, max: 0.05 }),
    ];
    const source = fakeSource(events);
    const app = mount(source, { width: 140 });
    await waitFor(() => app.frame().includes('map 1/1'));
    expect(meterOf(app.frame())).toContain('! cost at 82%');
    source.emit(
      at({ type: 'error', code: 'budget_exhausted', message: "The run's cost limit ($0.05) was reached" }),
      at({
        type: 'run_end',
        stopReason: 'budget',
        answer: null,
        iterations: 1,
        subcalls: 1,
        usage: { total: usage, byDepth: {}, byModel: {}, costUsd: 0.052 },
        durationMs: 900,
        error: { code: 'budget_exhausted', message: "The run's cost limit ($0.05) was reached" },
      }),
    );
    await waitFor(() => app.frame().includes('No answer'));
    const meter = meterOf(app.frame());
    expect(meter).toContain('! cost limit ($0.05) reached');
    expect(meter).not.toContain('82%');
  });
});

describe('the live area never outgrows the terminal', () => {
  for (const [width, rows] of [
    [80, 24],
    [100, 30],
  ] as const) {
    it(`caps an expanded 200-call batch at ${width}×${rows}, says how many more, and scrolls with the keys`, async () => {
      const run = batchRun(200);
      const events = [...run.events];
      for (let i = 0; i < 200; i += 1) events.push(run.sent(i), ...run.end(i, true, 10 + i, 0));
      // Still live: the turn is not over, so the batch stays in the live area.
      const app = mount(fakeSource(events), { width, rows });
      await waitFor(() => app.frame().includes('map 200/200'));
      app.stdin.write('e');
      await waitFor(() => app.frame().includes('#1 '));
      let live = liveOf(app.frame(), 1);
      expect(live.length).toBeLessThan(rows);
      const more = /… (\d+) more/.exec(live.join('\n'));
      expect(Number(more?.[1])).toBeGreaterThan(150);
      expect(live.join('\n')).toContain('↑↓ PgUp PgDn: scroll the list');

      app.stdin.write('j');
      await waitFor(() => app.frame().includes('… 1 above'));
      live = liveOf(app.frame(), 1);
      expect(live.join('\n')).toContain('… 1 above');
      expect(live.some((line) => /#2 /.test(line))).toBe(true);
      expect(live.some((line) => /#1 /.test(line))).toBe(false);
      expect(live.length).toBeLessThan(rows);

      // Page down to the end: the last item shows and nothing is "more".
      for (let i = 0; i < 40; i += 1) app.stdin.write(' ');
      await waitFor(() => app.frame().includes('#200 '));
      live = liveOf(app.frame(), 1);
      expect(live.join('\n')).toContain('#200 ');
      expect(live.join('\n')).not.toMatch(/… \d+ more/);
      expect(live.length).toBeLessThan(rows);
    });
  }
});
