import { describe, expect, it } from 'vitest';
import { createRlm, indexTrajectory, requestOf, type RlmConfig, type RlmEvent } from '../../src/engine/internal.ts';
import { eventsOf, lastUser, resolverOf, tickingClock, type Prompt } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

/** A run with every kind of work: root turns, a batch of plain sub-calls, a child RLM with its own sub-call. */
function fullRun(config: Partial<RlmConfig> = {}) {
  const received: Prompt[] = [];
  const root = mockModel(({ messages, index }) => {
    received.push(messages);
    return (
      [
        repl('const parts = await llm_query_batched(["a", "b"]);\nprint(parts)'),
        repl('const deep = await rlm_query("go deeper", { context: "child context" });\nprint(deep)'),
        'FINAL(all done)',
      ][index] ?? 'FINAL(extra)'
    );
  }, 'root');
  const sub = mockModel(({ messages }) => {
    received.push(messages);
    if (messages[0]?.role === 'system') return repl('const leaf = await llm_query("leaf " + context);\nFINAL(leaf)');
    return `answer to ${lastUser(messages)}`;
  }, 'sub');
  const rlm = createRlm({
    model: 'root',
    subModel: 'sub',
    maxDepth: 2,
    resolveModel: resolverOf({ root, sub }),
    ...config,
  });
  return { rlm, received };
}

describe('events', () => {
  it('all carry runId, rlmId, parentId, depth and ts from the injected clock and id generator', async () => {
    const { rlm } = fullRun({ generateId: () => 'run-fixed-id', now: tickingClock(1_000) });
    const result = await rlm.completion('Q?', { context: 'x' });
    expect(result.answer).toBe('all done');
    const events = result.trajectory;
    expect(events.length).toBeGreaterThan(30);

    const subcallIds = new Set(eventsOf(events, 'subcall_start').map((event) => event.subcallId));
    let lastTs = 0;
    for (const event of events) {
      expect(event.runId).toBe('run-fixed-id');
      expect(event.rlmId).toMatch(/^r0(\.\d+)*$/);
      expect(Number.isInteger(event.depth) && event.depth >= 0).toBe(true);
      // Only the root's own events lack a parent; every other parent is a sub-call of this run.
      if (event.depth === 0) expect(event.parentId).toBeNull();
      else expect(subcallIds.has(event.parentId ?? '')).toBe(true);
      expect(event.ts).toBeGreaterThan(lastTs);
      expect(event.ts).toBeLessThan(1_000 + 10_000);
      lastTs = event.ts;
    }
    const depths = new Set(events.map((event) => `${event.rlmId}@${event.depth}`));
    expect([...depths].toSorted()).toEqual(['r0.1@1', 'r0.1@2', 'r0@0', 'r0@1']);
  });

  it('the async iterator yields every event from run_start to run_end, as subscribe does', async () => {
    const { rlm } = fullRun();
    const run = rlm.start('Q?', { context: 'x' });
    const live: RlmEvent[] = [];
    run.subscribe((event) => live.push(event));
    const iterated: RlmEvent[] = [];
    for await (const event of run) iterated.push(event);
    const result = await run.result;

    expect(iterated[0]?.type).toBe('run_start');
    expect(iterated.at(-1)?.type).toBe('run_end');
    expect(iterated).toEqual(result.trajectory);
    expect(live).toEqual(result.trajectory);
    expect(iterated.filter((event) => event.type === 'run_end')).toHaveLength(1);
    expect(new Set(iterated.map((event) => event.type))).toEqual(
      new Set([
        'run_start',
        'iteration_start',
        'llm_call_start',
        'llm_call_sent',
        'llm_call_delta',
        'llm_call_end',
        'code_block',
        'repl_output',
        'subcall_start',
        'subcall_end',
        'iteration_end',
        'final',
        'run_end',
      ]),
    );

    // Iterating after the run has ended still replays everything.
    const late: RlmEvent[] = [];
    for await (const event of run) late.push(event);
    expect(late).toEqual(result.trajectory);
  });

  it('llm_call_start carries the exact request the model received', async () => {
    const { rlm, received } = fullRun({ concurrency: 1 });
    const result = await rlm.completion('Q?', { context: 'x' });
    const starts = eventsOf(result.trajectory, 'llm_call_start');
    expect(starts).toHaveLength(received.length);

    // Each prompt is stored once (log version 2): the trajectory index rebuilds every whole request.
    const index = indexTrajectory(result.trajectory);
    const asSent = starts.map((event) => {
      const request = requestOf(index, event.callId);
      return [
        ...(request?.instructions ? [{ role: 'system', content: request.instructions }] : []),
        ...(request?.messages ?? []),
      ];
    });
    // With one call at a time, the model saw the requests in the order they started.
    expect(received).toEqual(asSent);
    // Each event holds a snapshot: the first root call's messages were not extended by later turns; later root
    // calls record what they add (the reply and the observation) to the one before.
    expect(starts[0]?.messages).toHaveLength(1);
    const roots = starts.filter((event) => event.purpose === 'root' && event.depth === 0);
    expect(roots.map((event) => event.messages.length)).toEqual([1, 2, 2]);
    expect(roots.map((event) => event.extendsCallId ?? null)).toEqual([null, roots[0]?.callId, roots[1]?.callId]);
  });

  it('repl_output has the full output and the truncated one the model sees', async () => {
    const code = 'const body = "HEAD-MARK " + "x".repeat(5000) + " TAIL-MARK";\nprint(body)';
    const prompts: Prompt[] = [];
    const root = mockModel(({ messages, index }) => {
      prompts.push(messages);
      return index === 0 ? repl(code) : 'FINAL(seen)';
    }, 'root');
    const rlm = createRlm({ model: 'root', sandbox: { outputLimitChars: 1_000 }, resolveModel: resolverOf({ root }) });
    const result = await rlm.completion('Q?', { context: 'x' });

    const output = eventsOf(result.trajectory, 'repl_output')[0];
    const full = `HEAD-MARK ${'x'.repeat(5000)} TAIL-MARK\n`;
    expect(output?.output).toBe(full);
    expect(output?.ok).toBe(true);
    const shown = output?.modelOutput ?? '';
    expect(shown.startsWith('HEAD-MARK')).toBe(true);
    expect(shown.endsWith('TAIL-MARK')).toBe(true);
    expect(shown).toMatch(/characters omitted/);
    expect(output?.omittedChars).toBe(full.length - 1 - 1_000);
    expect(shown.length).toBeLessThan(1_100);
    // The model gets the truncated version, not the full one.
    const observation = lastUser(prompts[1] ?? []);
    expect(observation).toContain(shown);
    expect(observation).not.toContain('x'.repeat(2_000));
  });

  it('error events and run_end report a failure', async () => {
    const root = mockModel([{ text: '', error: Object.assign(new Error('boom'), { name: 'NotRetryable' }) }], 'root');
    const result = await createRlm({
      model: 'root',
      retry: { maxRetries: 0 },
      resolveModel: resolverOf({ root }),
    }).completion('Q?', { context: 'x' });
    expect(result.stopReason).toBe('error');
    const types = result.trajectory.map((event) => event.type);
    expect(types.slice(-2)).toEqual(['error', 'run_end']);
    expect(eventsOf(result.trajectory, 'error')[0]).toMatchObject({
      code: 'provider_failed',
      message: expect.stringContaining('boom'),
    });
    expect(eventsOf(result.trajectory, 'run_end')[0]).toMatchObject({
      stopReason: 'error',
      answer: null,
      error: { code: 'provider_failed' },
    });
  });
});

describe('queued and sent model calls', () => {
  it('emits llm_call_sent when a call takes a slot; latencyMs is the request alone and queuedMs the wait', async () => {
    // The clock moves only while a sub-model request runs: each takes exactly 100 ms, one at a time.
    let time = 1_000_000;
    const root = mockModel(
      [repl('const parts = await llm_query_batched(["a", "b", "c"]);\nprint(parts)'), 'FINAL(done)'],
      'root',
    );
    const sub = mockModel(() => {
      time += 100;
      return 'ok';
    }, 'sub');
    const rlm = createRlm({
      model: 'root',
      subModel: 'sub',
      concurrency: 1,
      now: () => time,
      resolveModel: resolverOf({ root, sub }),
    });
    const result = await rlm.completion('Q?', { context: 'x' });
    expect(result.answer).toBe('done');
    const events = result.trajectory;
    const subEnds = eventsOf(events, 'llm_call_end').filter((event) => event.purpose === 'sub');
    expect(subEnds.map((event) => event.latencyMs)).toEqual([100, 100, 100]);
    expect(subEnds.map((event) => event.queuedMs).toSorted((a, b) => a - b)).toEqual([0, 100, 200]);
    // Order: every call is asked for, then sent, then ends.
    for (const end of eventsOf(events, 'llm_call_end')) {
      const position = (type: string) =>
        events.findIndex((event) => event.type === type && 'callId' in event && event.callId === end.callId);
      expect(position('llm_call_start')).toBeLessThan(position('llm_call_sent'));
      expect(position('llm_call_sent')).toBeLessThan(position('llm_call_end'));
    }
    expect(eventsOf(events, 'llm_call_sent').every((event) => event.attempt === 0)).toBe(true);
  });
});
