import { describe, expect, it } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import {
  foldEvents,
  initialRunView,
  labelCell,
  labelsFromCode,
  reduceRunView,
  type RunView,
  type SubcallView,
} from '../../src/ui/index.ts';
import { eventFactory, loadEvents, ofType, sumUsage } from './support.ts';

const map = loadEvents('map-1000');
const deep = loadEvents('depth-2');
const mapView = foldEvents(map);
const deepView = foldEvents(deep);

const subcallsOf = (view: RunView) => Object.values(view.subcalls);
const promptChunk = (subcall: SubcallView) => Number(/^chunk (\d+):/.exec(subcall.prompt)?.[1] ?? -1);

describe('reducer: the 1,000-sub-call map run (fixtures/events/map-1000.jsonl)', () => {
  it('takes the question, models, context and limits from run_start', () => {
    const start = ofType(map, 'run_start')[0];
    expect(start).toBeDefined();
    expect(mapView).toMatchObject({
      runId: start?.runId,
      question: start?.question,
      model: 'root-model',
      subModel: 'sub-model',
      startedAt: start?.ts,
    });
    expect(mapView.context).toEqual(start?.context);
    expect(mapView.limits).toEqual(start?.limits);
    expect(mapView.limits?.concurrency).toBe(32);
  });

  it('has one RLM with four finished iterations whose replies are the root model replies', () => {
    expect(Object.keys(mapView.rlms)).toEqual(['r0']);
    const iterations = mapView.rlms.r0?.iterations ?? [];
    expect(iterations.map((iteration) => iteration.iteration)).toEqual([1, 2, 3, 4]);
    expect(iterations.every((iteration) => iteration.done)).toBe(true);
    const rootReplies = ofType(map, 'llm_call_end')
      .filter((event) => event.purpose === 'root')
      .map((event) => event.text);
    expect(iterations.map((iteration) => iteration.reply)).toEqual(rootReplies);
    expect(iterations[0]?.reply).toMatch(/^First a look at the shape/);
  });

  it('labels each cell by what it did: peek, grep, map, then sub-call + finish', () => {
    const cells = (mapView.rlms.r0?.iterations ?? []).map((iteration) => iteration.cells);
    expect(cells.map((list) => list.length)).toEqual([1, 1, 1, 1]);
    expect(cells.map((list) => list[0]?.labels)).toEqual([['peek'], ['grep'], ['map'], ['sub-call', 'finish']]);
    // The code alone shows FINAL_VAR; the llm_query it made adds sub-call.
    expect(cells[3]?.[0]?.codeLabels).toEqual(['finish']);
    expect(cells.flat().every((cell) => cell.status === 'ok')).toBe(true);
    expect(cells[1]?.[0]?.output).toBe('2000 lines, 286 errors');
    expect(cells[2]?.[0]?.output).toBe('1000 answers, 2 failed');
    expect(cells[0]?.[0]?.durationMs).toBe(ofType(map, 'repl_output')[0]?.durationMs);
  });

  it('groups the 1,000 batched sub-calls into one batch, in batch order', () => {
    const starts = ofType(map, 'subcall_start').filter((event) => event.batchId !== null);
    expect(starts).toHaveLength(1000);
    const batchId = starts[0]?.batchId as string;
    expect(Object.keys(mapView.batches)).toEqual([batchId]);
    const byIndex = starts
      .toSorted((a, b) => (a.batchIndex ?? 0) - (b.batchIndex ?? 0))
      .map((event) => event.subcallId);
    expect(mapView.batches[batchId]).toEqual(byIndex);
    const mapCell = mapView.rlms.r0?.iterations[2]?.cells[0];
    expect(mapCell?.batchIds).toEqual([batchId]);
    expect(mapCell?.subcallIds).toHaveLength(1000);
    const single = mapView.rlms.r0?.iterations[3]?.cells[0];
    expect(single?.batchIds).toEqual([]);
    expect(single?.subcallIds.map((id) => mapView.subcalls[id]?.batchId)).toEqual([null]);
  });

  it('counts 1,001 sub-calls: 999 done, the 2 scripted 400s failed, none running', () => {
    const all = subcallsOf(mapView);
    expect(all).toHaveLength(1001);
    expect(all.filter((subcall) => subcall.status === 'done')).toHaveLength(999);
    const failed = all.filter((subcall) => subcall.status === 'failed');
    expect(failed.map(promptChunk).toSorted((a, b) => a - b)).toEqual([17, 503]);
    expect(failed.every((subcall) => subcall.error?.includes('HTTP 400') && subcall.response === null)).toBe(true);
    expect(all.filter((subcall) => subcall.status === 'running')).toEqual([]);
    expect(
      all.every((subcall) => subcall.latencyMs !== null && subcall.kind === 'llm_query' && subcall.mode === 'llm'),
    ).toBe(true);
    expect(mapView.subcalls[ofType(map, 'subcall_end')[0]?.subcallId ?? '']?.response).toBe(
      ofType(map, 'subcall_end')[0]?.response,
    );
  });

  it('counts the retry of the sub-call that got a 429 first', () => {
    expect(ofType(map, 'llm_call_retry')).toHaveLength(1);
    const retried = subcallsOf(mapView).filter((subcall) => subcall.retries > 0);
    expect(retried.map((subcall) => [promptChunk(subcall), subcall.retries, subcall.status])).toEqual([
      [250, 1, 'done'],
    ]);
  });

  it('totals usage and cost over every llm_call_end, and per sub-call', () => {
    const ends = ofType(map, 'llm_call_end');
    expect(mapView.usage).toEqual(sumUsage(ends.map((event) => event.usage)));
    expect(mapView.usage).toEqual(ofType(map, 'run_end')[0]?.usage.total);
    expect(mapView.usage.inputTokens).toBeGreaterThan(0);
    expect(mapView.costUsd).toBeCloseTo(
      ends.reduce((sum, event) => sum + (event.costUsd ?? 0), 0),
      10,
    );
    const subUsage = sumUsage(subcallsOf(mapView).map((subcall) => subcall.usage));
    expect(subUsage).toEqual(sumUsage(ends.filter((event) => event.purpose === 'sub').map((event) => event.usage)));
    const rootUsage = sumUsage((mapView.rlms.r0?.iterations ?? []).map((iteration) => iteration.usage));
    expect(rootUsage).toEqual(sumUsage(ends.filter((event) => event.purpose !== 'sub').map((event) => event.usage)));
  });

  it('ends with the answer, the stop reason, the duration and nothing in flight', () => {
    const end = ofType(map, 'run_end')[0];
    expect(mapView.answer).toBe('286 ERROR lines; errors come from auth, billing and search');
    expect(mapView.answer).toBe(end?.answer);
    expect(mapView.rlms.r0?.answer).toBe(mapView.answer);
    expect(mapView.stopReason).toBe('final');
    expect(mapView.durationMs).toBe(end?.durationMs);
    expect(mapView.error).toBeNull();
    expect(mapView.callsInFlight).toBe(0);
    expect(mapView.maxDepthSeen).toBe(1);
    expect(mapView.now).toBe(Math.max(...map.map((event) => event.ts)));
  });

  it('shows a batch in progress when folded only part-way', () => {
    const ends = map.flatMap((event, index) => (event.type === 'subcall_end' ? [index] : []));
    const middle = ends[499] as number;
    const view = foldEvents(map.slice(0, middle + 1));
    const batchId = Object.keys(view.batches)[0] as string;
    const items = (view.batches[batchId] ?? []).map((id) => view.subcalls[id]);
    expect(items).toHaveLength(1000);
    expect(items.filter((item) => item?.status !== 'running')).toHaveLength(500);
    // Open calls: started and not ended, queued ones included (the meter shows at most `concurrency` in flight).
    const sliced = map.slice(0, middle + 1);
    expect(view.callsInFlight).toBe(ofType(sliced, 'llm_call_start').length - ofType(sliced, 'llm_call_end').length);
    expect(view.callsInFlight).toBeGreaterThan(32);
    expect(view.rlms.r0?.iterations.at(-1)).toMatchObject({ iteration: 3, done: false });
    expect(view.rlms.r0?.iterations.at(-1)?.cells[0]?.status).toBe('running');
    expect(view.stopReason).toBeNull();
    expect(view.answer).toBeNull();
  });

  it('folds event by event, or in the batches the TUI buffers, to the same view as all at once', () => {
    expect(map.reduce(reduceRunView, initialRunView())).toEqual(mapView);
    let view = initialRunView();
    for (let start = 0, size = 1; start < map.length; start += size, size = (size * 7) % 200 || 1)
      view = foldEvents(map.slice(start, start + size), view);
    expect(view).toEqual(mapView);
  });

  it('leaves the state it folds from untouched (React keeps the previous view)', () => {
    const half = foldEvents(map.slice(0, 2000));
    const snapshot = structuredClone(half);
    const subcalls = half.subcalls;
    const rest = foldEvents(map.slice(2000), half);
    expect(half).toEqual(snapshot);
    expect(half.subcalls).toBe(subcalls);
    expect(Object.keys(rest.subcalls).length).toBeGreaterThan(Object.keys(half.subcalls).length);
    // A second fold from the same state gives the same result: nothing of the first one leaked into it.
    expect(foldEvents(map.slice(2000), half)).toEqual(rest);
    expect(reduceRunView(half, map[2000] as RlmEvent)).not.toBe(half);
    expect(half).toEqual(snapshot);
  });
});

describe('reducer: the depth-2 run (fixtures/events/depth-2.jsonl)', () => {
  it('has the root, a child and a grandchild RLM, each with its own iterations and answer', () => {
    expect(Object.keys(deepView.rlms).toSorted()).toEqual(['r0', 'r0.1', 'r0.1.1']);
    const shape = Object.values(deepView.rlms).map((rlm) => [
      rlm.rlmId,
      rlm.depth,
      rlm.iterations.map((iteration) => iteration.iteration),
      rlm.answer,
    ]);
    expect(shape).toEqual([
      ['r0', 0, [1, 2, 3], 'The vault code is 4711'],
      ['r0.1', 1, [1, 2, 3], '4711'],
      ['r0.1.1', 2, [1, 2, 3], '4711'],
    ]);
    expect(
      deepView.rlms['r0.1.1']?.iterations.every((iteration) => iteration.done && iteration.cells.length === 1),
    ).toBe(true);
    expect(deepView.maxDepthSeen).toBe(3);
    expect(deepView.limits?.maxDepth).toBe(3);
  });

  it('links each child RLM to the rlm_query that started it', () => {
    const byKind = subcallsOf(deepView).map((subcall) => [
      subcall.rlmId,
      subcall.kind,
      subcall.mode,
      subcall.childRlmId,
      subcall.status,
    ]);
    expect(byKind).toEqual([
      ['r0', 'rlm_query', 'rlm', 'r0.1', 'done'],
      ['r0.1', 'rlm_query', 'rlm', 'r0.1.1', 'done'],
      // At the depth limit rlm_query falls back to a plain model call: no child.
      ['r0.1.1', 'rlm_query', 'llm', null, 'done'],
    ]);
    for (const rlm of ['r0.1', 'r0.1.1']) {
      const parent = deepView.rlms[rlm]?.parentSubcallId ?? '';
      expect(deepView.subcalls[parent]?.childRlmId).toBe(rlm);
    }
    expect(deepView.rlms.r0?.parentSubcallId).toBeNull();
  });

  it('labels the recursing cells recurse and the fallback call sub-call', () => {
    const labels = (rlm: string) => deepView.rlms[rlm]?.iterations.map((iteration) => iteration.cells[0]?.labels);
    expect(labels('r0')).toEqual([['peek'], ['recurse'], ['finish']]);
    expect(labels('r0.1')).toEqual([['peek'], ['peek', 'grep', 'recurse'], ['finish']]);
    expect(labels('r0.1.1')).toEqual([['peek'], ['sub-call'], ['finish']]);
  });

  it('keeps each RLM’s replies to its own model calls', () => {
    expect(deepView.rlms.r0?.iterations[1]?.reply).toMatch(/^Section B needs its own exploration/);
    expect(deepView.rlms['r0.1']?.iterations[0]?.reply).toMatch(/^A peek at section B/);
    expect(deepView.rlms['r0.1.1']?.iterations[1]?.reply).toMatch(/^Ask for the digits/);
  });

  it('totals usage over every level, and charges a child RLM’s calls to its rlm_query', () => {
    const ends = ofType(deep, 'llm_call_end');
    expect(deepView.usage).toEqual(sumUsage(ends.map((event) => event.usage)));
    expect(deepView.usage).toEqual(ofType(deep, 'run_end')[0]?.usage.total);
    const below = (prefix: string) =>
      sumUsage(ends.filter((event) => event.rlmId.startsWith(prefix)).map((event) => event.usage));
    const [toChild, toGrandchild, leaf] = subcallsOf(deepView);
    expect(toChild?.usage).toEqual(below('r0.1'));
    expect(toGrandchild?.usage).toEqual(below('r0.1.1'));
    expect(leaf?.usage).toEqual(ends.find((event) => event.parentId === leaf?.id)?.usage);
    expect(toChild?.usage.inputTokens).toBeGreaterThan(toGrandchild?.usage.inputTokens ?? Infinity);
    const rootUsage = sumUsage((deepView.rlms.r0?.iterations ?? []).map((iteration) => iteration.usage));
    expect(sumUsage([rootUsage, toChild?.usage as SubcallView['usage']])).toEqual(deepView.usage);
  });

  it('ends with the root answer and stop reason', () => {
    expect(deepView.answer).toBe('The vault code is 4711');
    expect(deepView.stopReason).toBe('final');
    expect(deepView.callsInFlight).toBe(0);
  });
});

describe('reducer: hand-written edge cases', () => {
  const at = eventFactory();
  const start = (): RlmEvent[] => [
    at({
      type: 'run_start',
      question: 'q?',
      model: 'm',
      subModel: 's',
      context: { type: 'string', chars: 10, documents: 1, paths: [] },
      limits: {
        maxIterations: 5,
        maxDepth: 1,
        maxCostUsd: 1,
        maxTokens: null,
        maxSubcalls: null,
        timeoutMs: null,
        concurrency: 4,
      },
    }),
    at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
  ];
  const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 };
  const callEnd = (callId: string, text: string, ok = true, purpose = 'root', base = {}) =>
    at(
      {
        type: 'llm_call_end',
        callId,
        model: 'm',
        purpose,
        ok,
        text,
        reasoning: null,
        finishReason: 'stop',
        usage,
        costUsd: 0.5,
        latencyMs: 3,
        cached: false,
        retries: 0,
        error: ok ? null : { code: 'provider_failed', message: 'boom' },
      },
      base,
    );

  it('builds the reply from streamed deltas, ignoring sub-call deltas, then takes the final text', () => {
    const events = [
      ...start(),
      at({ type: 'llm_call_start', callId: 'c1', model: 'm', purpose: 'root', instructions: 'sys', messages: [] }),
      at({ type: 'llm_call_delta', callId: 'c1', text: 'Let me ' }),
      at({ type: 'llm_call_delta', callId: 'c1', text: 'look' }),
      at(
        { type: 'llm_call_start', callId: 'c2', model: 's', purpose: 'sub', instructions: null, messages: [] },
        { parentId: 's1', depth: 1 },
      ),
      at({ type: 'llm_call_delta', callId: 'c2', text: 'NOT THE ROOT' }, { parentId: 's1', depth: 1 }),
    ];
    const live = foldEvents(events);
    expect(live.rlms.r0?.iterations[0]?.reply).toBe('Let me look');
    expect(live.callsInFlight).toBe(2);
    const done = foldEvents([callEnd('c1', 'Let me look at it.')], live);
    expect(done.rlms.r0?.iterations[0]?.reply).toBe('Let me look at it.');
    expect(done.rlms.r0?.iterations[0]?.usage).toEqual(usage);
    expect(done.callsInFlight).toBe(1);
    // A failed call keeps what had streamed in.
    const failed = foldEvents(
      [
        at({ type: 'llm_call_start', callId: 'c3', model: 'm', purpose: 'root', instructions: null, messages: [] }),
        at({ type: 'llm_call_delta', callId: 'c3', text: 'partial' }),
        callEnd('c3', '', false),
      ],
      foldEvents([at({ type: 'iteration_start', iteration: 2, maxIterations: 5 })], done),
    );
    expect(failed.rlms.r0?.iterations[1]?.reply).toBe('partial');
    expect(failed.usage).toEqual(sumUsage([usage, usage]));
  });

  it('marks a cell whose repl_output failed as an error with its message and a sandbox restart', () => {
    const view = foldEvents([
      ...start(),
      at({ type: 'code_block', iteration: 1, index: 0, language: 'repl', code: 'print(context.slice(0, 10))' }),
      at({ type: 'code_block', iteration: 1, index: 1, language: 'repl', code: 'undefinedFn()' }),
      at({
        type: 'repl_output',
        iteration: 1,
        index: 1,
        ok: false,
        output: 'ReferenceError: undefinedFn is not defined',
        modelOutput: 'ReferenceError: undefinedFn is not defined',
        omittedChars: 1234,
        value: null,
        error: { name: 'ReferenceError', message: 'undefinedFn is not defined' },
        sessionReset: true,
        durationMs: 7,
      }),
    ]);
    const [first, second] = view.rlms.r0?.iterations[0]?.cells ?? [];
    expect(first).toMatchObject({ status: 'running', output: null, labels: ['peek'] });
    expect(second).toMatchObject({
      status: 'error',
      errorMessage: 'undefinedFn is not defined',
      output: 'ReferenceError: undefinedFn is not defined',
      omittedChars: 1234,
      sessionReset: true,
      durationMs: 7,
      labels: ['compute'],
    });
  });

  it('records budget warnings as a percentage of the limit', () => {
    const view = foldEvents([
      ...start(),
      at({ type: 'budget_warning', limit: 'cost', used: 0.8, max: 1 }),
      at({ type: 'budget_warning', limit: 'subcalls', used: 90, max: 100 }),
    ]);
    expect(view.warnings).toEqual(['cost at 80%', 'subcalls at 90%']);
  });

  it('keeps a root error and a failed run without an answer; ignores a child’s error', () => {
    const view = foldEvents([
      ...start(),
      at({ type: 'error', code: 'sandbox', message: 'child broke' }, { rlmId: 'r0.1', depth: 1, parentId: 's1' }),
      at({ type: 'error', code: 'provider_failed', message: 'HTTP 500' }),
      at({
        type: 'run_end',
        stopReason: 'error',
        answer: null,
        iterations: 1,
        subcalls: 0,
        usage: { total: usage, costUsd: null, byDepth: {}, byModel: {} },
        durationMs: 42,
        error: { code: 'provider_failed', message: 'HTTP 500 (after 4 retries)' },
      }),
    ]);
    expect(view).toMatchObject({
      stopReason: 'error',
      answer: null,
      durationMs: 42,
      error: { code: 'provider_failed', message: 'HTTP 500 (after 4 retries)' },
    });
  });

  it('turns the cost unknown once any call has no price', () => {
    const view = foldEvents([
      ...start(),
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
        usage,
        costUsd: null,
        latencyMs: 1,
        cached: false,
        retries: 0,
        error: null,
      }),
    ]);
    expect(view.costUsd).toBeNull();
    expect(view.rlms.r0?.iterations[0]?.costUsd).toBeNull();
  });

  it('counts retries and cached answers on the sub-call, but not a child RLM’s own retries', () => {
    const child = { rlmId: 'r0.1', parentId: 's1', depth: 1 };
    const view = foldEvents([
      ...start(),
      at({
        type: 'code_block',
        iteration: 1,
        index: 0,
        language: 'repl',
        code: "await rlm_query('x'); await llm_query('y')",
      }),
      at({
        type: 'subcall_start',
        subcallId: 's1',
        kind: 'rlm_query',
        mode: 'rlm',
        model: 's',
        prompt: 'x',
        iteration: 1,
        blockIndex: 0,
        batchId: null,
        batchIndex: null,
        batchSize: null,
      }),
      at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }, child),
      at(
        { type: 'llm_call_start', callId: 'c1', model: 's', purpose: 'root', instructions: 'sys', messages: [] },
        child,
      ),
      at({ type: 'llm_call_retry', callId: 'c1', attempt: 1, delayMs: 0, reason: 'HTTP 429' }, child),
      at(
        {
          type: 'llm_call_end',
          callId: 'c1',
          model: 's',
          purpose: 'root',
          ok: true,
          text: 'FINAL(1)',
          reasoning: null,
          finishReason: 'stop',
          usage,
          costUsd: 0.5,
          latencyMs: 3,
          cached: false,
          retries: 1,
          error: null,
        },
        child,
      ),
      at({
        type: 'subcall_start',
        subcallId: 's2',
        kind: 'llm_query',
        mode: 'llm',
        model: 's',
        prompt: 'y',
        iteration: 1,
        blockIndex: 0,
        batchId: null,
        batchIndex: null,
        batchSize: null,
      }),
      at(
        { type: 'llm_call_start', callId: 'c2', model: 's', purpose: 'sub', instructions: null, messages: [] },
        { parentId: 's2', depth: 1 },
      ),
      at(
        { type: 'llm_call_retry', callId: 'c2', attempt: 1, delayMs: 0, reason: 'HTTP 429' },
        { parentId: 's2', depth: 1 },
      ),
      at(
        { type: 'llm_call_retry', callId: 'c2', attempt: 2, delayMs: 0, reason: 'HTTP 503' },
        { parentId: 's2', depth: 1 },
      ),
      at(
        {
          type: 'llm_call_end',
          callId: 'c2',
          model: 's',
          purpose: 'sub',
          ok: true,
          text: 'ok',
          reasoning: null,
          finishReason: 'stop',
          usage,
          costUsd: 0.5,
          latencyMs: 3,
          cached: true,
          retries: 2,
          error: null,
        },
        { parentId: 's2', depth: 1 },
      ),
    ]);
    expect(view.subcalls.s1).toMatchObject({ retries: 0, cached: false, childRlmId: 'r0.1', usage, costUsd: 0.5 });
    expect(view.subcalls.s2).toMatchObject({ retries: 2, cached: true, usage, costUsd: 0.5 });
    expect(view.rlms['r0.1']?.iterations[0]).toMatchObject({ reply: 'FINAL(1)', usage });
    expect(view.rlms.r0?.iterations[0]?.cells[0]?.labels).toEqual(['sub-call', 'recurse']);
    expect(view.callsInFlight).toBe(0);
  });

  it('ignores events for RLMs, iterations, cells or sub-calls it has not seen', () => {
    const base = foldEvents(start());
    const view = foldEvents(
      [
        at({
          type: 'repl_output',
          iteration: 9,
          index: 0,
          ok: true,
          output: '',
          modelOutput: '',
          omittedChars: 0,
          value: null,
          error: null,
          sessionReset: false,
          durationMs: 1,
        }),
        at({ type: 'subcall_end', subcallId: 'nope', ok: true, response: 'x', error: null, latencyMs: 1 }),
        at({ type: 'llm_call_retry', callId: 'unknown', attempt: 1, delayMs: 0, reason: 'x' }),
        at({ type: 'code_block', iteration: 1, index: 0, language: 'repl', code: '1' }, { rlmId: 'ghost' }),
      ],
      base,
    );
    expect(view.rlms).toEqual(base.rlms);
    expect(view.subcalls).toEqual({});
  });
});

describe('labelsFromCode', () => {
  it.each([
    ['print(context.slice(0, 2000))', ['peek']],
    ["const lines = context.split('\\n');\nprint(lines.slice(0, 5).join('\\n'))", ['peek']],
    ['print(context[0].content.substring(0, 300))', ['peek']],
    ['const hits = lines.filter((line) => /ERROR|WARN/i.test(line));\nprint(hits.length)', ['grep']],
    ["const re = new RegExp('user=(\\\\w+)', 'g');\nprint([...context.matchAll(re)].length)", ['grep']],
    ['const at = context.indexOf("needle")', ['grep']],
    [
      "const answers = await llm_query_batched(chunks.map((chunk) => 'Summarise: ' + chunk));\nprint(answers.length)",
      ['map'],
    ],
    ["FINAL('42')", ['finish']],
    ["const answer = parts.join('\\n');\nFINAL_VAR('answer')", ['finish']],
    [
      'const head = context.slice(0, 100);\nconst found = head.match(/id=\\d+/);\nconst out = await llm_query_batched([head]);\nFINAL(out[0])',
      ['peek', 'grep', 'map', 'finish'],
    ],
    ['const total = 1 + 2;\ntotal * 3', []],
    // Printing a slice of a call's result is not a peek at held data.
    ['print(SHOW_VARS().slice(0, 3))', []],
    // A lone llm_query / rlm_query is labelled from the sub-calls it makes, not from the code.
    ["const s = await llm_query('hi')", []],
  ] as const)('%s → %j', (code, labels) => {
    expect(labelsFromCode(code)).toEqual(labels);
  });

  it('falls back to patterns for TypeScript or code that does not parse', () => {
    expect(labelsFromCode('const n: number = context.slice(0, 10).length;\nFINAL(n)')).toEqual(['peek', 'finish']);
    expect(
      labelsFromCode('const xs: string[] = lines.filter((l) => l.includes("x"));\nawait llm_query_batched(xs)'),
    ).toEqual(['grep', 'map']);
    expect(labelsFromCode('this is ( not code')).toEqual([]);
  });
});

describe('labelCell', () => {
  const subcall = (mode: 'llm' | 'rlm', batchId: string | null) => ({ mode, batchId }) as SubcallView;
  it('adds what the sub-calls did and drops compute once there is a label', () => {
    expect(labelCell([], [])).toEqual(['compute']);
    expect(labelCell(['grep'], [])).toEqual(['grep']);
    expect(labelCell([], [subcall('llm', null)])).toEqual(['sub-call']);
    expect(labelCell([], [subcall('llm', 'b1')])).toEqual(['map']);
    expect(labelCell(['finish'], [subcall('rlm', null), subcall('llm', null)])).toEqual([
      'sub-call',
      'recurse',
      'finish',
    ]);
    expect(labelCell(['compute'], [subcall('llm', 'b1')])).toEqual(['map']);
  });
});
