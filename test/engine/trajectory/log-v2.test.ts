import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toOfficialJsonl } from '../../../src/cli/export/official.ts';
import {
  createReplayResolver,
  createRlm,
  indexTrajectory,
  parseLog,
  requestOf,
  shouldLog,
  type RlmEvent,
  type RlmEventOf,
} from '../../../src/engine/internal.ts';
import { lastUser, resolverOf } from '../../support/engine-helpers.ts';
import { mockModel, repl } from '../../support/mock-models.ts';

/** A run of `turns` root turns, each printing 2 KB (the history the root sees grows by that much per turn). */
async function run(turns: number) {
  const prompts: Array<Array<{ role: string; content: string }>> = [];
  const root = mockModel(({ messages, index }) => {
    prompts.push(messages);
    if (index < turns - 1) return repl(`var v${index} = await llm_query("part ${index}");\nprint("x".repeat(2000))`);
    return repl('FINAL("done")');
  }, 'root');
  const sub = mockModel(({ messages }) => `sub saw: ${lastUser(messages)}`, 'sub');
  const rlm = createRlm({
    model: 'root',
    subModel: 'sub',
    maxIterations: turns + 1,
    resolveModel: resolverOf({ root, sub }),
  });
  const result = await rlm.completion('Go on', { context: 'ctx' });
  expect(result.answer).toBe('done');
  return { events: result.trajectory, prompts };
}

/** The log's bytes as the log writer writes them: one JSON line per event, deltas left out. */
const logBytes = (events: RlmEvent[]) =>
  events.filter(shouldLog).reduce((sum, event) => sum + Buffer.byteLength(`${JSON.stringify(event)}\n`), 0);

const starts = (events: RlmEvent[]) =>
  events.filter((event): event is RlmEventOf<'llm_call_start'> => event.type === 'llm_call_start');

describe('trajectory log version 2: each prompt stored once', () => {
  it('grows linearly with the turns: 20 turns take at most 2.3 × the bytes of 10', async () => {
    const [ten, twenty] = [await run(10), await run(20)];
    const ratio = logBytes(twenty.events) / logBytes(ten.events);
    expect(ratio).toBeLessThanOrEqual(2.3);
    expect(ratio).toBeGreaterThan(1.7);
  });

  it('records a root call as what it adds to the previous one, and the index rebuilds the exact request', async () => {
    const { events, prompts } = await run(5);
    const index = indexTrajectory(events);
    const roots = starts(events).filter((start) => start.purpose === 'root');
    expect(roots.map((start) => start.extendsCallId ?? null)).toEqual([
      null,
      ...roots.slice(0, -1).map((s) => s.callId),
    ]);
    expect(roots.slice(1).every((start) => start.instructions === null && start.messages.length === 2)).toBe(true);
    roots.forEach((start, turn) => {
      const request = requestOf(index, start.callId);
      const rebuilt = [{ role: 'system', content: request?.instructions ?? '' }, ...(request?.messages ?? [])];
      expect(rebuilt).toEqual(prompts[turn]);
    });
    // The official export (and the inspector, through the same index) shows each turn's whole prompt.
    const exported = toOfficialJsonl(null, events)
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => (JSON.parse(line) as { prompt: unknown }).prompt);
    expect(exported).toEqual(prompts);
  });

  it("keeps a plain sub-call's prompt once, on subcall_start; the index gives its request", async () => {
    const { events } = await run(3);
    const index = indexTrajectory(events);
    const subStarts = starts(events).filter((start) => start.purpose === 'sub');
    expect(subStarts.length).toBe(2);
    for (const start of subStarts) {
      expect(start).toMatchObject({ messages: [], promptInSubcall: true });
      expect(requestOf(index, start.callId)?.messages).toEqual([
        { role: 'user', content: index.subcalls[start.parentId ?? '']?.prompt },
      ]);
    }
    expect(Object.values(index.subcalls).map((subcall) => subcall.prompt)).toEqual(['part 0', 'part 1']);
  });

  it('replays a version-2 log through the real engine, every request matching its recording', async () => {
    const { events } = await run(4);
    const log = parseLog(events.map((event) => JSON.stringify(event)).join('\n'));
    expect(log.problems).toEqual([]);
    const replay = createReplayResolver(log.events, { mode: 'strict' });
    const rlm = createRlm({ model: 'root', subModel: 'sub', maxIterations: 5, resolveModel: replay });
    const result = await rlm.completion('Go on', { context: 'ctx' });
    expect(result.error).toBeNull();
    expect(result.answer).toBe('done');
    expect(replay.remaining()).toBe(0);
  });

  it('reads version-1 logs (the shipped demo) with whole requests, as before', () => {
    const text = readFileSync('fixtures/demo/run.jsonl', 'utf8');
    const log = parseLog(text);
    expect(log.header?.schema).toBe('rlm.trajectory/1');
    expect(log.problems).toEqual([]);
    const index = indexTrajectory(log.events);
    const roots = [...index.calls.values()].filter((call) => call.purpose === 'root');
    for (const call of roots) expect(requestOf(index, call.key)?.messages).toEqual(call.start.messages);
    const iterations = toOfficialJsonl(log.header, log.events)
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as { prompt: unknown[] });
    expect(iterations.map((iteration) => iteration.prompt.length)).toEqual(
      roots.map((call) => call.start.messages.length + 1),
    );
    const replay = createReplayResolver(log.events);
    expect(replay.remaining()).toBe(roots.length + 9);
  });
});
