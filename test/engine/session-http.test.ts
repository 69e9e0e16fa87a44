// Sessions, compaction, caller tools and the error limit over real HTTP: the provider code path (Chat Completions,
// streaming, usage) against the local scripted server, which reports input tokens as characters / 4.
import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProviderResolver, createRlm, type RlmConfig } from '../../src/engine/index.ts';
import { eventsOf } from '../support/engine-helpers.ts';
import { repl } from '../support/mock-models.ts';
import type { ScriptedRequest } from '../support/openai-test-server.ts';
import { startSharedTestServer } from '../support/shared-test-server.ts';

const server = await startSharedTestServer();

const rlmOver = (config: Partial<RlmConfig> = {}) =>
  createRlm({ model: 'local-model', resolveModel: createProviderResolver({ baseUrl: server.baseURL }), ...config });
const firstUser = (request: ScriptedRequest) =>
  request.messages.find((message) => message.role === 'user')?.content ?? '';
const lastText = (request: ScriptedRequest) => request.messages.at(-1)?.content ?? '';
const charsOf = (request: ScriptedRequest) =>
  request.messages.reduce((sum, message) => sum + message.content.length, 0);

describe('sessions over HTTP', () => {
  it('two questions share the REPL; the second request names the first question', async () => {
    server.setScript((request) =>
      firstUser(request).includes('Question: first')
        ? { text: repl('const kept = context.toUpperCase(); FINAL(kept)') }
        : { text: repl('FINAL(kept + "!")') },
    );
    const session = rlmOver().session({ context: 'abc' });
    expect((await session.ask('first').result).answer).toBe('ABC');
    expect((await session.ask('second').result).answer).toBe('ABC!');
    await session.dispose();
    expect(firstUser(server.requests[1] as ScriptedRequest)).toContain('1. first');
  });

  it('30 turns of 20,000-character output keep every request under an 8,000-token window', async () => {
    let turn = 0;
    server.setScript((request) => {
      if (lastText(request).includes('replaced by a summary you write now')) return { text: 'Summary: printing x.' };
      turn += 1;
      return { text: turn <= 30 ? repl('print("x".repeat(20000))') : repl('FINAL(history.at(-1).messages.length)') };
    });
    const result = await rlmOver({ rootContextWindow: 8_000, maxIterations: 35 }).completion('Print.', {
      context: 'c',
    });
    expect(result.stopReason).toBe('final');
    expect(Number(result.answer)).toBeGreaterThan(50);
    // The server's own count of what it received (characters / 4, system prompt included).
    const largest = Math.max(...server.requests.map((request) => Math.ceil(charsOf(request) / 4)));
    expect(largest).toBeLessThanOrEqual(8_000);
    expect(eventsOf(result.trajectory, 'compaction').length).toBeGreaterThan(0);
  });

  it('a caller tool runs and a bad input is a catchable error; maxErrors stops a run that only fails', async () => {
    const lookup = tool({
      description: 'Looks an id up.',
      inputSchema: z.object({ id: z.number() }),
      execute: async ({ id }) => ({ id, name: `item ${id}` }),
    });
    server.setScript(() => ({
      text: repl(
        'let bad = ""; try { await lookup({ id: "x" }); } catch (e) { bad = e.message; }\nFINAL((await lookup({ id: 7 })).name + " / " + bad)',
      ),
    }));
    const toolRun = await rlmOver({ tools: { lookup } }).completion('Look 7 up.', { context: 'c' });
    expect(toolRun.answer).toMatch(/^item 7 \/ lookup: invalid input/);
    expect(server.requests[0]?.system).toContain(
      "- `await lookup(input)` → the tool's result, from the caller. Looks an id up.",
    );

    server.setScript((request) => ({
      text: lastText(request).includes('in a row') ? 'FINAL(gave up)' : repl('nothing.here()'),
    }));
    const failing = await rlmOver({ maxErrors: 2 }).completion('Q?', { context: 'c' });
    expect(failing).toMatchObject({ stopReason: 'max_errors', answer: 'gave up', iterations: 2 });
  });
});
