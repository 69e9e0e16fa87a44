import { describe, expect, it } from 'vitest';
import { createRlm } from '../../src/engine/index.ts';
import { eventsOf, lastUser, resolverOf, sleep, waitFor } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

/** A sub-model answering `<name>:<prompt>`, counting its calls. */
function echoModel(name: string) {
  const calls: string[] = [];
  const model = mockModel(({ messages }) => {
    const prompt = lastUser(messages);
    calls.push(prompt);
    return `${name}:${prompt}`;
  }, name);
  return { model, calls };
}

describe('llm_query', () => {
  it('returns the sub-model text, using the sub-model by default and { model } when given', async () => {
    const sub = echoModel('sub');
    const other = echoModel('other');
    const root = mockModel(
      [
        repl(
          'const a = await llm_query("first");\nconst b = await llm_query("second", { model: "other" });\nFINAL(a + " | " + b)',
        ),
      ],
      'root',
    );
    const rlm = createRlm({
      model: 'root',
      subModel: 'sub',
      resolveModel: resolverOf({ root, sub: sub.model, other: other.model }),
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.answer).toBe('sub:first | other:second');
    expect(sub.calls).toEqual(['first']);
    expect(other.calls).toEqual(['second']);
    expect(result.subcalls).toBe(2);
    expect(
      eventsOf(result.trajectory, 'subcall_start').map((event) => [event.kind, event.mode, event.model, event.prompt]),
    ).toEqual([
      ['llm_query', 'llm', 'sub', 'first'],
      ['llm_query', 'llm', 'other', 'second'],
    ]);
    expect(eventsOf(result.trajectory, 'subcall_end').map((event) => [event.ok, event.response])).toEqual([
      [true, 'sub:first'],
      [true, 'other:second'],
    ]);
    const subEnds = eventsOf(result.trajectory, 'llm_call_end').filter((event) => event.purpose === 'sub');
    expect(subEnds.map((event) => [event.model, event.depth])).toEqual([
      ['sub', 1],
      ['other', 1],
    ]);
  });

  it('uses the root model for sub-calls when no sub-model is configured', async () => {
    const root = mockModel(
      ({ index, messages }) =>
        index === 0 ? repl('FINAL(await llm_query("ping"))') : `root answered ${lastUser(messages)}`,
      'root',
    );
    const result = await createRlm({ model: 'root', resolveModel: resolverOf({ root }) }).completion('Q?', {
      context: 'x',
    });
    expect(result.answer).toBe('root answered ping');
  });
});

describe('llm_query_batched', () => {
  it('keeps the order of the prompts; a failing slot holds an Error: string while the others succeed', async () => {
    // Item i answers only after the items after it have ended, so the batch completes in reverse order.
    let ended = 0;
    const sub = mockModel(async ({ messages }) => {
      const prompt = lastUser(messages);
      const index = Number(prompt.slice(1));
      await waitFor(() => ended >= 4 - index, `the items after ${prompt} to end`);
      if (prompt === 'p2') return { text: '', error: new Error('the sub-model broke on p2') };
      return `answer-${prompt}`;
    }, 'sub');
    const root = mockModel(
      [repl('const results = await llm_query_batched(["p0", "p1", "p2", "p3", "p4"]);\nFINAL(results)')],
      'root',
    );
    const run = createRlm({
      model: 'root',
      subModel: 'sub',
      resolveModel: resolverOf({ root, sub }),
      retry: { maxRetries: 0 },
    }).start('Q?', { context: 'x' });
    run.subscribe((event) => {
      if (event.type === 'subcall_end') ended += 1;
    });
    const result = await run.result;

    expect(result.stopReason).toBe('final');
    const answers = JSON.parse(result.answer ?? '[]') as string[];
    expect(answers).toHaveLength(5);
    expect(answers[0]).toBe('answer-p0');
    expect(answers[1]).toBe('answer-p1');
    expect(answers[2]).toMatch(/^Error: .*the sub-model broke on p2/);
    expect(answers[3]).toBe('answer-p3');
    expect(answers[4]).toBe('answer-p4');
    // They really finished in reverse order.
    const ends = eventsOf(result.trajectory, 'subcall_end').map((event) => (event.ok ? event.response : 'failed'));
    expect(ends).toEqual(['answer-p4', 'answer-p3', 'failed', 'answer-p1', 'answer-p0']);
    const starts = eventsOf(result.trajectory, 'subcall_start');
    expect(starts.map((event) => event.batchIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(starts.map((event) => event.batchId)).size).toBe(1);
    expect(starts.every((event) => event.batchSize === 5)).toBe(true);
  });

  it('runs in parallel up to the concurrency limit and never beyond it', async () => {
    const gauge = { inFlight: 0, maxInFlight: 0, calls: 0 };
    const sub = mockModel(async ({ messages }) => {
      gauge.calls += 1;
      gauge.inFlight += 1;
      gauge.maxInFlight = Math.max(gauge.maxInFlight, gauge.inFlight);
      await sleep(100);
      gauge.inFlight -= 1;
      return `done ${lastUser(messages)}`;
    }, 'sub');
    const root = mockModel(
      [
        repl(
          'const prompts = Array.from({ length: 48 }, (_, i) => "item " + i);\nconst out = await llm_query_batched(prompts);\nFINAL(out.length + " " + out[47])',
        ),
      ],
      'root',
    );
    const rlm = createRlm({ model: 'root', subModel: 'sub', resolveModel: resolverOf({ root, sub }), concurrency: 16 });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.answer).toBe('48 done item 47');
    expect(gauge.calls).toBe(48);
    // Waves of 16 in flight, not one at a time (bench/engine.bench.ts measures what that saves).
    expect(gauge.maxInFlight).toBe(16);
  });
});

describe('rlm_query', () => {
  it('recurses to depth 2 with maxDepth 3 and keeps the nested trajectory', async () => {
    const root = mockModel(
      [
        repl(
          'const found = await rlm_query("child question", { context: "child data" });\nFINAL("root got: " + found)',
        ),
      ],
      'root',
    );
    const sub = mockModel(({ messages }) => {
      const question = messages.find((message) => message.role === 'user')?.content ?? '';
      if (question.startsWith('Question: child question'))
        return repl(
          'const deeper = await rlm_query("grandchild question", { context: context + "!" });\nFINAL("child got: " + deeper)',
        );
      if (question.startsWith('Question: grandchild question'))
        return repl(
          'const leaf = await rlm_query("leaf question");\nFINAL("grandchild saw " + context + ", leaf said " + leaf)',
        );
      return `plain answer to ${lastUser(messages)}`;
    }, 'sub');
    const rlm = createRlm({ model: 'root', subModel: 'sub', maxDepth: 3, resolveModel: resolverOf({ root, sub }) });
    const result = await rlm.completion('Q?', { context: 'root data' });

    expect(result.stopReason).toBe('final');
    expect(result.answer).toBe(
      'root got: child got: grandchild saw child data!, leaf said plain answer to leaf question',
    );

    const starts = eventsOf(result.trajectory, 'subcall_start');
    expect(starts.map((event) => [event.rlmId, event.depth, event.kind, event.mode, event.prompt])).toEqual([
      ['r0', 0, 'rlm_query', 'rlm', 'child question'],
      ['r0.1', 1, 'rlm_query', 'rlm', 'grandchild question'],
      ['r0.1.1', 2, 'rlm_query', 'llm', 'leaf question'],
    ]);
    const [toChild, toGrandchild, toLeaf] = starts.map((event) => event.subcallId);

    const child = result.trajectory.filter((event) => event.rlmId === 'r0.1');
    const grandchild = result.trajectory.filter((event) => event.rlmId === 'r0.1.1');
    expect(child.length).toBeGreaterThan(0);
    expect(grandchild.length).toBeGreaterThan(0);
    // Each child RLM's own events hang under the sub-call that started it; its plain calls hang under theirs.
    for (const event of child) expect([event.depth, event.parentId]).toEqual([1, toChild]);
    for (const event of grandchild.filter((e) => e.depth === 2)) expect(event.parentId).toBe(toGrandchild);
    const leafCall = eventsOf(grandchild, 'llm_call_start').find((event) => event.purpose === 'sub');
    expect(leafCall).toMatchObject({ depth: 3, parentId: toLeaf });
    expect(eventsOf(child, 'iteration_start')).toHaveLength(1);
    expect(eventsOf(grandchild, 'final')[0]?.answer).toContain('grandchild saw child data!');

    // The child RLM is told it is a child at depth 1 and can still recurse; the grandchild cannot.
    const childCall = eventsOf(child, 'llm_call_start')[0];
    expect(childCall?.model).toBe('sub');
    expect(childCall?.instructions).toContain(
      'You are a child RLM at depth 1 (the root is at depth 0; you may start children of your own)',
    );
    expect(childCall?.instructions).toContain('Starts a child RLM');
    expect(eventsOf(grandchild, 'llm_call_start')[0]?.instructions).toContain('at this depth a plain sub-model call');
    // Every depth shows up in the usage breakdown.
    expect(Object.keys(result.breakdown.byDepth).toSorted()).toEqual(['0', '1', '2', '3']);
  });

  it('falls back to a plain call at maxDepth, with the context appended to the prompt', async () => {
    const sub = echoModel('sub');
    const root = mockModel(
      [repl('FINAL(await rlm_query("summarise", { context: [{ path: "a.txt", content: "alpha" }] }))')],
      'root',
    );
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      resolveModel: resolverOf({ root, sub: sub.model }),
    }).completion('Q?', { context: 'x' });

    const start = eventsOf(result.trajectory, 'subcall_start')[0];
    expect(start).toMatchObject({ kind: 'rlm_query', mode: 'llm' });
    expect(sub.calls).toEqual(['summarise\n\n--- context ---\n=== a.txt ===\nalpha']);
    expect(result.answer).toBe('sub:summarise\n\n--- context ---\n=== a.txt ===\nalpha');
    expect(result.trajectory.some((event) => event.rlmId !== 'r0')).toBe(false);
  });
});

describe('rlm_query_batched', () => {
  /** A sub-model that, as a child RLM, finishes with what its question and `context` were; plain calls echo. */
  function childModel(onChild?: (question: string) => string | undefined) {
    return mockModel(({ messages }) => {
      const first = messages.find((message) => message.role === 'user')?.content ?? '';
      const question = /^Question: (.*)/.exec(first)?.[1];
      if (question !== undefined && first.includes('Turn 1/') && messages.length <= 2)
        return { text: onChild?.(question) ?? repl(`FINAL("${question} saw " + context)`), delayMs: 30 };
      if (question !== undefined) return 'FINAL(unexpected second turn)';
      return `plain:${lastUser(messages)}`;
    }, 'sub');
  }

  it('starts one child RLM per prompt, in parallel, each with its own context or the shared one', async () => {
    const root = mockModel(
      [
        repl(
          'const answers = await rlm_query_batched(["a", "b", "c"], { contexts: ["data-a", "data-b", null], context: "shared" });\nFINAL(answers.join(" | "))',
        ),
      ],
      'root',
    );
    const sub = childModel();
    const rlm = createRlm({ model: 'root', subModel: 'sub', maxDepth: 2, resolveModel: resolverOf({ root, sub }) });
    const result = await rlm.completion('Q?', { context: 'root data' });

    expect(result.answer).toBe('a saw data-a | b saw data-b | c saw shared');
    expect(result.subcalls).toBe(3);
    const starts = eventsOf(result.trajectory, 'subcall_start');
    expect(starts.map((event) => [event.kind, event.mode, event.batchIndex, event.batchSize])).toEqual([
      ['rlm_query', 'rlm', 0, 3],
      ['rlm_query', 'rlm', 1, 3],
      ['rlm_query', 'rlm', 2, 3],
    ]);
    expect(new Set(starts.map((event) => event.batchId)).size).toBe(1);
    // In parallel: every child had started before the first one finished.
    const index = (predicate: (event: (typeof result.trajectory)[number]) => boolean) =>
      result.trajectory.findIndex(predicate);
    const firstFinal = index((event) => event.type === 'final' && event.rlmId !== 'r0');
    for (const child of ['r0.1', 'r0.2', 'r0.3'])
      expect(index((event) => event.type === 'iteration_start' && event.rlmId === child)).toBeLessThan(firstFinal);
    // Each child's events hang under its own sub-call.
    for (const [position, child] of ['r0.1', 'r0.2', 'r0.3'].entries())
      expect(result.trajectory.find((event) => event.rlmId === child)?.parentId).toBe(starts[position]?.subcallId);
  });

  it('at the depth limit the items are plain calls with their contexts appended; a failed item is an Error: string', async () => {
    const sub = mockModel(({ messages }) => {
      const prompt = lastUser(messages);
      if (prompt.startsWith('boom')) return { text: '', error: new Error('the sub-model fell over') };
      return `sub:${prompt}`;
    }, 'sub');
    const root = mockModel(
      [
        repl(
          'const out = await rlm_query_batched(["one", "boom", "three"], { contexts: ["c1", null, [{ path: "d.txt", content: "doc" }]] });\nFINAL(JSON.stringify(out))',
        ),
      ],
      'root',
    );
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      retry: { maxRetries: 0 },
      resolveModel: resolverOf({ root, sub }),
    }).completion('Q?', { context: 'x' });

    expect(JSON.parse(result.answer ?? '[]')).toEqual([
      'sub:one\n\n--- context ---\nc1',
      expect.stringMatching(/^Error: .*the sub-model fell over/),
      'sub:three\n\n--- context ---\n=== d.txt ===\ndoc',
    ]);
    expect(eventsOf(result.trajectory, 'subcall_start').map((event) => [event.kind, event.mode])).toEqual([
      ['rlm_query', 'llm'],
      ['rlm_query', 'llm'],
      ['rlm_query', 'llm'],
    ]);
    expect(result.trajectory.some((event) => event.rlmId !== 'r0')).toBe(false);
  });

  it('recurses through the depths: children batch grandchildren, whose own batch is plain calls (maxDepth 3)', async () => {
    const root = mockModel([repl('FINAL((await rlm_query_batched(["top"])).join())')], 'root');
    const sub = childModel((question) => {
      if (question === 'top')
        return repl('FINAL("top<" + (await rlm_query_batched(["mid1", "mid2"])).join(",") + ">")');
      if (question.startsWith('mid'))
        return repl(`FINAL("${question}<" + (await rlm_query_batched(["leaf"]))[0] + ">")`);
      return undefined;
    });
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      maxDepth: 3,
      resolveModel: resolverOf({ root, sub }),
    }).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('top<mid1<plain:leaf>,mid2<plain:leaf>>');
    expect(
      eventsOf(result.trajectory, 'subcall_start').map((event) => [event.depth, event.mode, event.prompt]),
    ).toEqual([
      [0, 'rlm', 'top'],
      [1, 'rlm', 'mid1'],
      [1, 'rlm', 'mid2'],
      [2, 'llm', 'leaf'],
      [2, 'llm', 'leaf'],
    ]);
    // The two identical leaf calls are answered once (memoised), but both count as sub-calls.
    expect(result.subcalls).toBe(5);
  });

  it('counts every item against maxSubcalls, as llm_query_batched does', async () => {
    const root = mockModel(
      [repl('const out = await rlm_query_batched(["a", "b", "c"]);\nprint(out.join(" / "))'), 'FINAL(done)'],
      'root',
    );
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      maxSubcalls: 2,
      resolveModel: resolverOf({ root, sub: childModel() }),
    }).completion('Q?', { context: 'x' });

    expect(result.subcalls).toBe(2);
    expect(eventsOf(result.trajectory, 'subcall_start')).toHaveLength(2);
    expect(result.stopReason).toBe('budget');
  });

  it('refuses opts.contexts of the wrong length, and is disabled with the other sub-calls', async () => {
    const root = mockModel(
      [repl('await rlm_query_batched(["a", "b"], { contexts: ["only one"] })'), repl('FINAL("recovered")')],
      'root',
    );
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      resolveModel: resolverOf({ root, sub: childModel() }),
    }).completion('Q?', { context: 'x' });
    expect(eventsOf(result.trajectory, 'repl_output')[0]?.error?.message).toContain(
      'opts.contexts has 1 contexts for 2 prompts',
    );

    const disabled = mockModel([repl('await rlm_query_batched(["a"])'), 'FINAL(ok)'], 'root');
    const ablation = await createRlm({
      model: 'root',
      subcalls: false,
      resolveModel: resolverOf({ root: disabled }),
    }).completion('Q?', { context: 'x' });
    expect(eventsOf(ablation.trajectory, 'repl_output')[0]?.error?.message).toContain('Sub-calls are disabled');
  });
});

describe('memoisation', () => {
  const code = repl(
    'const a = await llm_query("same prompt");\nconst b = await llm_query("same prompt");\nconst [c, d] = await Promise.all([llm_query("twin"), llm_query("twin")]);\nFINAL([a, b, c, d].join(" / "))',
  );

  it('answers identical prompts within a run once', async () => {
    const sub = echoModel('sub');
    const root = mockModel([code], 'root');
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      resolveModel: resolverOf({ root, sub: sub.model }),
    }).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('sub:same prompt / sub:same prompt / sub:twin / sub:twin');
    expect(sub.calls).toEqual(['same prompt', 'twin']);
    const ends = eventsOf(result.trajectory, 'llm_call_end').filter((event) => event.purpose === 'sub');
    expect(ends.map((event) => event.cached)).toEqual([false, true, false, true]);
    const cached = ends.filter((event) => event.cached);
    for (const event of cached)
      expect(event.usage).toEqual({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 });
    // Memo hits still count as sub-calls, but their usage is not counted twice.
    expect(result.subcalls).toBe(4);
    expect(result.breakdown.byDepth[1]?.calls).toBe(2);
  });

  it('calls the model every time with memoize: false', async () => {
    const sub = echoModel('sub');
    const root = mockModel([code], 'root');
    const result = await createRlm({
      model: 'root',
      subModel: 'sub',
      memoize: false,
      resolveModel: resolverOf({ root, sub: sub.model }),
    }).completion('Q?', { context: 'x' });

    expect(result.answer).toBe('sub:same prompt / sub:same prompt / sub:twin / sub:twin');
    expect(sub.calls).toEqual(['same prompt', 'same prompt', 'twin', 'twin']);
    expect(eventsOf(result.trajectory, 'llm_call_end').some((event) => event.cached)).toBe(false);
    expect(result.breakdown.byDepth[1]?.calls).toBe(4);
  });
});

describe('budget() in the sandbox', () => {
  it('reports iterations used and left, depth and maxDepth, at the root and in a child', async () => {
    const root = mockModel(
      [
        repl('print("looking")'),
        repl(
          'const mine = budget();\nconst childs = JSON.parse(await rlm_query("report your budget"));\nFINAL({ mine, childs })',
        ),
      ],
      'root',
    );
    const sub = mockModel([repl('FINAL(budget())')], 'sub');
    const rlm = createRlm({
      model: 'root',
      subModel: 'sub',
      maxDepth: 3,
      maxIterations: 7,
      maxSubcalls: 10,
      resolveModel: resolverOf({ root, sub }),
    });
    const result = await rlm.completion('Q?', { context: 'x' });

    expect(result.stopReason).toBe('final');
    const { mine, childs } = JSON.parse(result.answer ?? '{}') as Record<
      string,
      {
        iterations: { used: number; max: number };
        depth: number;
        maxDepth: number;
        subcalls: { used: number; max: number };
      }
    >;
    expect(mine?.iterations).toEqual({ used: 2, max: 7 });
    expect(mine?.depth).toBe(0);
    expect(mine?.maxDepth).toBe(3);
    expect(mine?.subcalls).toEqual({ used: 0, max: 10 });
    expect(childs?.iterations).toEqual({ used: 1, max: 7 });
    expect(childs?.depth).toBe(1);
    expect(childs?.maxDepth).toBe(3);
    expect(childs?.subcalls).toEqual({ used: 1, max: 10 });
  });
});
