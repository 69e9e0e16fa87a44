import { describe, expect, it } from 'vitest';
import { createReplayResolver, createRlm, type RlmConfig, type RlmResult } from '../../src/engine/index.ts';
import { eventsOf, lastUser, resolverOf } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';

const settings: Omit<RlmConfig, 'resolveModel'> = { model: 'root', subModel: 'sub', maxDepth: 2 };
const question = 'Which fruits are red?';
const context = 'apple: red\nbanana: yellow\ncherry: red\nlime: green';

/** Records a run through mocks: a batch of parallel sub-calls (finishing out of order), a memo hit, a child RLM. */
async function record(): Promise<RlmResult> {
  const root = mockModel(
    [
      {
        text: repl('const lines = context.split("\\n");\nprint(lines.length, "lines; first:", lines[0])'),
        usage: { input: 900, output: 40, cached: 100 },
      },
      {
        text: repl(
          'const verdicts = await llm_query_batched(lines.map((line) => "Is this red? " + line));\nconst again = await llm_query("Is this red? " + lines[0]);\nconst checked = await rlm_query("Double-check the red ones", { context: lines.filter((l, i) => verdicts[i] === "yes").join("\\n") });\nprint(verdicts, again, checked)',
        ),
        usage: { input: 1_200, output: 80, reasoning: 12 },
      },
      { text: 'FINAL(apple and cherry)', usage: { input: 1_500, output: 10 } },
    ],
    'root',
  );
  const sub = mockModel(({ messages, index }) => {
    const prompt = lastUser(messages);
    // A child RLM (it has a system prompt) finishes in one turn.
    if (messages[0]?.role === 'system')
      return {
        text: repl('FINAL(context.split("\\n").map((line) => line.split(":")[0]))'),
        usage: { input: 700, output: 20 },
      };
    // Later prompts answer sooner: the recording's call order and end order differ.
    return {
      text: prompt.endsWith(': red') ? 'yes' : 'no',
      delayMs: Math.max(0, 40 - index * 10),
      usage: { input: 50 + index, output: 1 },
    };
  }, 'sub');
  return createRlm({ ...settings, resolveModel: resolverOf({ root, sub }) }).completion(question, { context });
}

describe('replay', () => {
  it('replays a recorded run to the same answer and usage', async () => {
    const recorded = await record();
    expect(recorded.stopReason).toBe('final');
    expect(recorded.answer).toBe('apple and cherry');
    expect(eventsOf(recorded.trajectory, 'llm_call_end').some((event) => event.cached)).toBe(true);
    expect(recorded.trajectory.some((event) => event.rlmId === 'r0.1')).toBe(true);

    const resolver = createReplayResolver(recorded.trajectory);
    const replayed = await createRlm({ ...settings, resolveModel: resolver }).completion(question, { context });

    expect(replayed.error).toBeNull();
    expect(replayed.stopReason).toBe('final');
    expect(replayed.answer).toBe(recorded.answer);
    expect(replayed.usage).toEqual(recorded.usage);
    expect(replayed.breakdown.byDepth).toEqual(recorded.breakdown.byDepth);
    expect(replayed.subcalls).toBe(recorded.subcalls);
    expect(resolver.remaining()).toBe(0);
    const outputs = (result: RlmResult) => eventsOf(result.trajectory, 'repl_output').map((event) => event.output);
    expect(outputs(replayed)).toEqual(outputs(recorded));
  });

  it('strict mode fails with replay_divergence naming the first differing call when the context changes', async () => {
    const recorded = await record();
    const resolver = createReplayResolver(recorded.trajectory, { mode: 'strict' });
    // Same length (so the first prompt, which only describes the context, is identical), different first line.
    const changed = context.replace('apple: red', 'grape: red');
    expect(changed).toHaveLength(context.length);
    const replayed = await createRlm({ ...settings, resolveModel: resolver }).completion(question, {
      context: changed,
    });

    expect(replayed.stopReason).toBe('error');
    expect(replayed.answer).toBeNull();
    expect(replayed.error?.code).toBe('replay_divergence');
    const secondRoot = eventsOf(recorded.trajectory, 'llm_call_start').filter((event) => event.purpose === 'root')[1];
    expect(secondRoot).toBeDefined();
    const message = replayed.error?.message ?? '';
    expect(message).toContain('Replay diverged at model call #2 (root)');
    expect(message).toContain(`closest recorded call is ${secondRoot?.callId} (depth 0, root)`);
    // system, question, first reply, then the observation that now differs
    expect(message).toContain('first differs at message 4 (user)');
    expect(message).toContain('apple');
    expect(message).toContain('grape');
  });

  it('strict mode matches requests by content, sequential mode by position', async () => {
    const recorded = await record();
    // Swap the recorded order of the batch's four sub-calls: strict replay must not care, sequential must.
    const batch = eventsOf(recorded.trajectory, 'llm_call_start')
      .filter((event) => event.purpose === 'sub' && event.rlmId === 'r0')
      .slice(0, 4);
    // A plain sub-call's prompt is stored once, on its subcall_start (log version 2).
    const prompts = new Map(eventsOf(recorded.trajectory, 'subcall_start').map((event) => [event.subcallId, event]));
    expect(batch.every((event) => event.promptInSubcall === true && event.messages.length === 0)).toBe(true);
    expect(batch.map((event) => prompts.get(event.parentId ?? '')?.prompt)).toEqual(
      context.split('\n').map((line) => `Is this red? ${line}`),
    );
    const positions = batch.map((event) => recorded.trajectory.indexOf(event));
    const shuffled = [...recorded.trajectory];
    positions.forEach(
      (position, index) => (shuffled[position] = batch[batch.length - 1 - index] as (typeof shuffled)[number]),
    );

    const strict = await createRlm({
      ...settings,
      resolveModel: createReplayResolver(shuffled, { mode: 'strict' }),
    }).completion(question, { context });
    expect(strict.answer).toBe(recorded.answer);
    expect(eventsOf(strict.trajectory, 'repl_output').map((event) => event.output)).toEqual(
      eventsOf(recorded.trajectory, 'repl_output').map((event) => event.output),
    );

    const sequential = await createRlm({
      ...settings,
      resolveModel: createReplayResolver(shuffled, { mode: 'sequential' }),
    }).completion(question, { context });
    // The batch's answers in prompt order (they end in another order).
    const verdicts = (result: RlmResult) => {
      const ends = new Map(
        eventsOf(result.trajectory, 'subcall_end').map((event) => [event.subcallId, event.response]),
      );
      return eventsOf(result.trajectory, 'subcall_start')
        .filter((event) => event.batchId !== null)
        .map((event) => ends.get(event.subcallId));
    };
    expect(verdicts(recorded)).toEqual(['yes', 'no', 'yes', 'no']);
    expect(verdicts(strict)).toEqual(['yes', 'no', 'yes', 'no']);
    expect(verdicts(sequential)).toEqual(['no', 'yes', 'no', 'yes']);
  });

  it('sequential mode replays the recorded responses in order, whatever the requests say', async () => {
    const root = mockModel(
      [
        repl('print(context.length)'),
        repl('const x = await llm_query("first look");\nprint(x)'),
        'FINAL(recorded answer)',
      ],
      'root',
    );
    const sub = mockModel(['recorded sub answer'], 'sub');
    const recorded = await createRlm({ ...settings, resolveModel: resolverOf({ root, sub }) }).completion(
      'Original question?',
      { context: 'original context' },
    );
    expect(recorded.answer).toBe('recorded answer');

    const resolver = createReplayResolver(recorded.trajectory, { mode: 'sequential' });
    const replayed = await createRlm({ ...settings, resolveModel: resolver }).completion(
      'A different question entirely?',
      { context: 'a much longer and different context' },
    );

    expect(replayed.error).toBeNull();
    expect(replayed.answer).toBe('recorded answer');
    expect(eventsOf(replayed.trajectory, 'repl_output')[1]?.output).toBe('recorded sub answer\n');
    expect(eventsOf(replayed.trajectory, 'llm_call_end').map((event) => event.text)).toEqual(
      eventsOf(recorded.trajectory, 'llm_call_end').map((event) => event.text),
    );
    expect(replayed.usage).toEqual(recorded.usage);
    expect(resolver.remaining()).toBe(0);

    // The same change fails in strict mode.
    const strict = await createRlm({ ...settings, resolveModel: createReplayResolver(recorded.trajectory) }).completion(
      'A different question entirely?',
      { context: 'a much longer and different context' },
    );
    expect(strict.error?.code).toBe('replay_divergence');
    expect(strict.error?.message).toContain('model call #1');
  });

  it('sequential mode fails clearly when the run asks for more calls than were recorded', async () => {
    const root = mockModel(['FINAL(short)'], 'root');
    const recorded = await createRlm({ ...settings, resolveModel: resolverOf({ root }) }).completion('Q?', {
      context: 'x',
    });
    // Keep only the run's first events: no model call was recorded.
    const truncated = recorded.trajectory.filter(
      (event) => event.type === 'run_start' || event.type === 'iteration_start',
    );
    const failed = await createRlm({
      ...settings,
      resolveModel: createReplayResolver(truncated, { mode: 'sequential' }),
    }).completion('Q?', { context: 'x' });
    expect(failed.stopReason).toBe('error');
    expect(failed.error?.code).toBe('replay_divergence');
    expect(failed.error?.message).toContain('ran out of recorded calls at model call #1 (root)');
  });
});
