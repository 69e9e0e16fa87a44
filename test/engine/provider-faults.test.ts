// Faults real providers and networks produce, against the real AI SDK providers over HTTP: which are retried, which
// fail at once, and how long a silent server may hold a call.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventsOf, onlyEvent } from '../support/engine-helpers.ts';
import { repl } from '../support/mock-models.ts';
import { sequence, type StreamFault } from '../support/openai-test-server.ts';
import { FAST_RETRY, isRootCall, rlmAt, rootAndSubs } from '../support/http-rlm.ts';
import { startSharedTestServer } from '../support/shared-test-server.ts';

const server = await startSharedTestServer();

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const FAULTS: StreamFault[] = ['reset', 'cut', 'malformed', 'empty-choices'];

describe('a reply that breaks part-way is retried like any transient failure', () => {
  it.each(FAULTS)('%s in the middle of a streamed root reply, on turn 2 of a multi-turn run', async (kind) => {
    const turn2 = repl('print("turn two ran")', 'The second turn, with a long enough prose part to stream in chunks.');
    server.setScript(
      sequence([
        { text: repl('print(context.length)') },
        { text: turn2, fault: { kind, afterChunks: 2 } },
        { text: turn2 },
        { text: 'FINAL(survived)' },
      ]),
    );
    const result = await rlmAt(server.baseURL).completion('Q?', { context: 'abc' });

    expect(result.error).toBeNull();
    expect(result.answer).toBe('survived');
    expect(result.iterations).toBe(3);
    expect(server.requests.map((request) => request.stream)).toEqual([true, true, true, true]);
    const retry = onlyEvent(result.trajectory, 'llm_call_retry');
    expect(retry.attempt).toBe(1);
    const ends = eventsOf(result.trajectory, 'llm_call_end');
    expect(ends.map((end) => [end.ok, end.retries])).toEqual([
      [true, 0],
      [true, 1],
      [true, 0],
    ]);
    // The retried turn's text is the whole reply, not the broken part plus the retry.
    expect(ends[1]?.text).toBe(turn2);
    expect(eventsOf(result.trajectory, 'repl_output').map((output) => output.output)).toEqual([
      '3\n',
      'turn two ran\n',
    ]);
  });

  it.each(FAULTS)('%s in a plain (non-streamed) sub-call reply', async (kind) => {
    let subCalls = 0;
    server.setScript(
      rootAndSubs([{ text: repl('FINAL(await llm_query("hello"))') }], () =>
        ++subCalls === 1 ? { text: 'a broken sub answer', fault: { kind } } : { text: 'a whole sub answer' },
      ),
    );
    const result = await rlmAt(server.baseURL).completion('Q?', { context: 'abc' });

    expect(result.answer).toBe('a whole sub answer');
    expect(server.requests.filter((request) => !isRootCall(request)).map((request) => request.stream)).toEqual([
      false,
      false,
    ]);
    expect(onlyEvent(result.trajectory, 'llm_call_retry').attempt).toBe(1);
  });

  it('gives up after maxRetries when every attempt breaks, naming the failure and the retries', async () => {
    server.setScript(() => ({ text: 'never whole', fault: { kind: 'reset' } }));
    const result = await rlmAt(server.baseURL, { retry: { ...FAST_RETRY, maxRetries: 2 } }).completion('Q?', {
      context: 'x',
    });
    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toContain('after 2 retries');
    expect(server.requests).toHaveLength(3);
  });
});

describe('failures that cannot succeed on retry fail at once', () => {
  it('a connection refused by this machine (nothing listens on the port)', async () => {
    const port = await closedPort();
    const result = await rlmAt(`http://127.0.0.1:${port}/v1`, { retry: { ...FAST_RETRY, maxRetries: 4 } }).completion(
      'Q?',
      { context: 'x' },
    );
    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toContain('ECONNREFUSED');
    expect(result.error?.message).not.toContain('retr');
    expect(eventsOf(result.trajectory, 'llm_call_retry')).toHaveLength(0);
  });

  it.each([
    ['a port fetch refuses to use', 'http://127.0.0.1:9/v1', 'bad port'],
    ['a host name that does not exist', 'http://no-such-host.invalid/v1', 'ENOTFOUND'],
    ['a scheme fetch does not speak', 'ftp://127.0.0.1/v1', 'unknown scheme'],
  ])('%s', async (_what, baseURL, message) => {
    const result = await rlmAt(baseURL, { retry: { ...FAST_RETRY, maxRetries: 4 } }).completion('Q?', {
      context: 'x',
    });
    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toContain(message);
    expect(eventsOf(result.trajectory, 'llm_call_retry')).toHaveLength(0);
  });

  it.each([400, 404, 413, 422])('HTTP %i', async (status) => {
    server.setScript(() => ({ status, text: `scripted ${status}` }));
    const result = await rlmAt(server.baseURL, { retry: { ...FAST_RETRY, maxRetries: 4 } }).completion('Q?', {
      context: 'x',
    });
    expect(result.error?.code).toBe('provider_failed');
    expect(server.requests).toHaveLength(1);
  });

  it.each([408, 409, 429, 500, 503])('but HTTP %i is retried', async (status) => {
    server.setScript(sequence([{ status, text: `scripted ${status}` }, { text: 'FINAL(second time lucky)' }]));
    const result = await rlmAt(server.baseURL).completion('Q?', { context: 'x' });
    expect(result.answer).toBe('second time lucky');
    expect(server.requests).toHaveLength(2);
  });
});

describe('a server that never answers, or never finishes', () => {
  it('a plain call with no response fails after the call timeout and one retry', async () => {
    server.setScript(rootAndSubs([{ text: repl('FINAL(await llm_query("hello"))') }], () => ({ hang: true })));
    const result = await rlmAt(server.baseURL, {
      callTimeoutMs: 300,
      retry: { ...FAST_RETRY, maxRetries: 4 },
    }).completion('Q?', { context: 'x' });

    // The cell saw the sub-call fail; the root's next request is past the script, so the run ends on that error.
    const subEnds = eventsOf(result.trajectory, 'llm_call_end').filter((end) => end.purpose === 'sub');
    expect(subEnds).toHaveLength(1);
    expect(subEnds[0]).toMatchObject({ ok: false, retries: 1 });
    expect(subEnds[0]?.error?.message).toMatch(/took longer than 300 ms \(the per-call timeout\) \(after 1 retry\)/);
    expect(server.requests.filter((request) => !isRootCall(request))).toHaveLength(2);
  });

  it('a stream whose first byte never comes fails after the first-byte timeout and one retry', async () => {
    server.setScript(() => ({ text: 'never sent', stallAfterHeaders: true }));
    const result = await rlmAt(server.baseURL, {
      callTimeoutMs: 120_000,
      firstByteTimeoutMs: 300,
      retry: { ...FAST_RETRY, maxRetries: 4 },
    }).completion('Q?', { context: 'x' });

    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toMatch(/sent nothing for 300 ms after the request \(the first-byte timeout\)/);
    expect(server.requests).toHaveLength(2);
  });

  it('a stream that trickles forever fails after the call timeout and one retry', async () => {
    server.setScript(() => ({ text: 'drip drip', trickle: true, chunkDelayMs: 20 }));
    const result = await rlmAt(server.baseURL, {
      callTimeoutMs: 2_000,
      firstByteTimeoutMs: 1_500,
      retry: { ...FAST_RETRY, maxRetries: 4 },
    }).completion('Q?', { context: 'x' });

    expect(result.error?.code).toBe('provider_failed');
    expect(result.error?.message).toMatch(/took longer than 2 s \(the per-call timeout\)/);
    expect(server.requests).toHaveLength(2);
    // Streamed text did arrive: the first-byte timeout did not fire, the call timeout did.
    expect(eventsOf(result.trajectory, 'llm_call_delta').length).toBeGreaterThan(0);
  });

  it('a slow but steady stream within the limits is not cut', async () => {
    server.setScript(() => ({ text: 'FINAL(slow and steady wins)', delayMs: 200, chunkDelayMs: 50 }));
    const result = await rlmAt(server.baseURL, { callTimeoutMs: 20_000, firstByteTimeoutMs: 10_000 }).completion('Q?', {
      context: 'x',
    });
    expect(result.answer).toBe('slow and steady wins');
  });
});
