import { describe, expect, it } from 'vitest';
import {
  callsOfSubcall,
  foldTrajectory,
  indexTrajectory,
  emptyTrajectory,
  replyCallOf,
  summarizeTrajectory,
  type RlmEvent,
} from '../../../src/engine/internal.ts';
import { eventFactory, loadEvents } from '../../ui/support.ts';

const at = eventFactory();
const limits = {
  maxIterations: 5,
  maxDepth: 2,
  maxCostUsd: null,
  maxTokens: null,
  maxSubcalls: null,
  timeoutMs: null,
  concurrency: 2,
};
const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0 };
const runStart = (question: string, extra: object = {}) =>
  at({
    type: 'run_start',
    question,
    model: 'm',
    subModel: 's',
    context: { type: 'string', chars: 1, documents: 1, paths: [] },
    limits,
    ...extra,
  });
const callStart = (callId: string, purpose: 'root' | 'sub' | 'compaction' = 'root', base = {}) =>
  at({ type: 'llm_call_start', callId, model: 'm', purpose, instructions: null, messages: [] }, base);
const callEnd = (callId: string, text: string, base = {}, extra = {}) =>
  at(
    {
      type: 'llm_call_end',
      callId,
      model: 'm',
      purpose: 'root',
      ok: true,
      text,
      reasoning: null,
      finishReason: 'stop',
      usage,
      costUsd: 0.1,
      latencyMs: 1,
      cached: false,
      retries: 0,
      error: null,
      ...extra,
    },
    base,
  );
const runEnd = (answer: string) =>
  at({
    type: 'run_end',
    stopReason: 'final',
    answer,
    iterations: 1,
    subcalls: 0,
    usage: { total: usage, costUsd: 0, byDepth: {}, byModel: {} },
    durationMs: 5,
    error: null,
  });

describe('trajectory index', () => {
  it('holds each question of a session apart, even when ids restart', () => {
    const question = (text: string, answer: string, index: number): RlmEvent[] => [
      runStart(text, { sessionId: 'sess', questionIndex: index }),
      at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
      callStart('c1'),
      callEnd('c1', `reply to ${text}`),
      at({ type: 'final', answer, source: 'text' }),
      at({ type: 'iteration_end', iteration: 1 }),
      runEnd(answer),
    ];
    const index = indexTrajectory([...question('first?', 'A1', 1), ...question('second?', 'A2', 2)]);
    expect(
      index.questions.map((entry) => [entry.question, entry.answer, entry.sessionId, entry.questionIndex]),
    ).toEqual([
      ['first?', 'A1', 'sess', 1],
      ['second?', 'A2', 'sess', 2],
    ]);
    const roots = index.questions.map((entry) => index.rlms[entry.rootRlmId]);
    expect(roots.map((rlm) => rlm?.iterations[0] && replyCallOf(index, rlm.iterations[0])?.end?.text)).toEqual([
      'reply to first?',
      'reply to second?',
    ]);
    expect(roots.map((rlm) => rlm?.iterations[0]?.final?.answer)).toEqual(['A1', 'A2']);
    const summary = summarizeTrajectory(index);
    expect(summary.questions.map((entry) => entry.answer)).toEqual(['A1', 'A2']);
    expect(summary).toMatchObject({ question: 'second?', answer: 'A2', iterations: 2, partial: false });
  });

  it('follows a call from queued to sent, retrying and ended, on the call and its sub-call, and keeps the last retry', () => {
    const sub = { parentId: 's1', depth: 1 };
    const events: RlmEvent[] = [
      runStart('q'),
      at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
      at({ type: 'code_block', iteration: 1, index: 0, language: 'repl', code: 'await llm_query("x")' }),
      at({
        type: 'subcall_start',
        subcallId: 's1',
        kind: 'llm_query',
        mode: 'llm',
        model: 's',
        prompt: 'x',
        iteration: 1,
        blockIndex: 0,
        batchId: null,
        batchIndex: null,
        batchSize: null,
      }),
      callStart('c2', 'sub', sub),
    ];
    const phases: string[] = [];
    let index = foldTrajectory(emptyTrajectory(), events);
    const step = (event: RlmEvent) => {
      index = foldTrajectory(index, [event]);
      phases.push(
        `${index.calls.get('c2')?.phase}/${index.subcalls.s1?.callPhase} q${index.callsQueued} r${index.callsRetrying} s${index.callsSent}`,
      );
    };
    phases.push(
      `${index.calls.get('c2')?.phase}/${index.subcalls.s1?.callPhase} q${index.callsQueued} r${index.callsRetrying} s${index.callsSent}`,
    );
    step(at({ type: 'llm_call_sent', callId: 'c2', attempt: 0 }, sub));
    step(at({ type: 'llm_call_retry', callId: 'c2', attempt: 1, delayMs: 500, reason: 'HTTP 429' }, sub));
    expect(index.lastRetry).toMatchObject({ callId: 'c2', attempt: 1, reason: 'HTTP 429' });
    step(at({ type: 'llm_call_sent', callId: 'c2', attempt: 1 }, sub));
    step(callEnd('c2', 'y', sub, { purpose: 'sub', retries: 1 }));
    expect(phases).toEqual([
      'queued/null q1 r0 s0',
      'sent/sent q0 r0 s1',
      'retrying/retrying q0 r1 s0',
      'sent/sent q0 r0 s1',
      'ended/ended q0 r0 s0',
    ]);
    expect(index.lastRetry).toBeNull();
    const subcall = index.subcalls.s1;
    expect(subcall?.retries).toBe(1);
    expect(subcall && callsOfSubcall(index, subcall).map((call) => [call.attempt, call.lastRetry?.reason])).toEqual([
      [1, 'HTTP 429'],
    ]);
  });

  it('a root reply that broke off mid-stream and was retried shows only the new attempt, live and at the end', () => {
    let index = foldTrajectory(emptyTrajectory(), [
      runStart('q'),
      at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
      callStart('c1'),
      at({ type: 'llm_call_sent', callId: 'c1', attempt: 0 }),
      at({ type: 'llm_call_delta', callId: 'c1', text: 'Let me look at the fir' }),
    ]);
    const reply = () => index.rlms.r0?.iterations[0]?.reply;
    expect(reply()).toBe('Let me look at the fir');
    index = foldTrajectory(index, [
      at({ type: 'llm_call_retry', callId: 'c1', attempt: 1, delayMs: 500, reason: 'stream ended early' }),
    ]);
    expect(reply()).toBe('');
    index = foldTrajectory(index, [
      at({ type: 'llm_call_sent', callId: 'c1', attempt: 1 }),
      at({ type: 'llm_call_delta', callId: 'c1', text: 'Let me look ' }),
      at({ type: 'llm_call_delta', callId: 'c1', text: 'first.' }),
    ]);
    expect(reply()).toBe('Let me look first.');
    index = foldTrajectory(index, [callEnd('c1', 'Let me look first.', {}, { retries: 1 })]);
    expect(reply()).toBe('Let me look first.');
  });

  it('records tool calls on their cell, compactions and variables on their iteration', () => {
    const index = indexTrajectory([
      runStart('q'),
      at({ type: 'iteration_start', iteration: 1, maxIterations: 5 }),
      at({ type: 'code_block', iteration: 1, index: 0, language: 'repl', code: 'await weather("Oslo")' }),
      at({
        type: 'tool_call_start',
        toolCallId: 't1',
        name: 'weather',
        input: { city: 'Oslo' },
        iteration: 1,
        blockIndex: 0,
      }),
      at({ type: 'tool_call_end', toolCallId: 't1', ok: true, output: { c: 3 }, error: null, durationMs: 4 }),
      callStart('c9', 'compaction'),
      at({
        type: 'compaction',
        iteration: 1,
        tokensBefore: 900,
        tokensAfter: 100,
        replacedMessages: 6,
        summary: 'so far',
      }),
      at({ type: 'iteration_end', iteration: 1, variables: [{ name: 'x', summary: 'number 3' }] }),
    ]);
    const iteration = index.rlms.r0?.iterations[0];
    expect(iteration?.cells[0]?.toolCallIds).toEqual(['t1']);
    expect(index.tools.t1).toMatchObject({ name: 'weather', status: 'done', output: { c: 3 }, durationMs: 4 });
    expect(iteration?.compactions).toEqual([
      {
        iteration: 1,
        tokensBefore: 900,
        tokensAfter: 100,
        replacedMessages: 6,
        summary: 'so far',
        ts: expect.any(Number),
      },
    ]);
    expect(iteration?.callIds).toEqual(['c9']);
    expect(iteration?.variables).toEqual([{ name: 'x', summary: 'number 3' }]);
  });

  it('gives the same index folded whole, event by event, or in batches', () => {
    const events = loadEvents('depth-2');
    const whole = indexTrajectory(events);
    let stepwise = emptyTrajectory();
    for (const event of events) stepwise = foldTrajectory(stepwise, [event]);
    expect(stepwise).toEqual(whole);
    expect(Object.keys(whole.rlms)).toEqual(['r0', 'r0.1', 'r0.1.1']);
    expect(whole.rlms['r0.1']?.parentSubcallId).toBe(Object.values(whole.subcalls).find((s) => s.mode === 'rlm')?.id);
  });
});
