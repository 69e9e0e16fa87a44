import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import type { ToWorker } from '../../src/ui/live-view/protocol.ts';
import { discardViewWorker } from '../../src/ui/live-view/view-worker.ts';
import { renderInWorker } from '../../src/ui/live-view/worker-host.ts';
import { fakeSource, loadEvents } from './support.ts';

/** A stand-in for the view's worker thread that records what the host sends it. */
function fakeWorker() {
  const sent: ToWorker[] = [];
  const worker = Object.assign(new EventEmitter(), {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    postMessage: (message: ToWorker) => sent.push(structuredClone(message)),
    ref: () => undefined,
    unref: () => undefined,
    terminate: async () => 0,
  });
  return { worker, sent, reply: (message: unknown) => worker.emit('message', message) };
}

describe('renderInWorker: the main thread side of the live view', () => {
  it("asks the view for its last frame as soon as the run's end arrives, before the CLI has closed its log", async () => {
    const events = loadEvents('depth-2');
    const source = fakeSource();
    const { worker, sent, reply } = fakeWorker();
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
    const handle = renderInWorker(
      {
        source,
        stdout: terminal as unknown as NodeJS.WriteStream,
        stdin: Object.assign(new PassThrough(), { setRawMode: () => undefined }) as unknown as NodeJS.ReadStream,
        stderr: terminal as unknown as NodeJS.WriteStream,
        color: false,
        logFile: '/tmp/run.jsonl',
        onAbort: () => undefined,
        onForceQuit: () => undefined,
      },
      {
        worker: worker as unknown as Worker,
        failure: null,
        threadId: null,
        loaded: Promise.resolve(),
        discard: () => undefined,
      },
    );
    expect(sent[0]).toMatchObject({ type: 'mount', init: { logFile: '/tmp/run.jsonl' } });
    source.emit(...events.slice(0, -1));
    expect(sent.map((message) => message.type)).not.toContain('finish');
    source.emit(events.at(-1) as RlmEvent);
    // Every event reached the view, then the request for its last frame; finish() only waits for it.
    const types = sent.map((message) => message.type);
    expect(types.at(-1)).toBe('finish');
    const forwarded = sent.flatMap((message) => (message.type === 'events' ? message.events : []));
    expect(forwarded).toHaveLength(events.length);
    const finished = handle.finish();
    reply({ type: 'done' });
    expect(await finished).toBe(true);
    expect(sent.filter((message) => message.type === 'finish')).toHaveLength(1);
  });
});

describe('discardViewWorker: a view thread started for a run that did not happen', () => {
  it('is told at once, but terminated only once its code has loaded (V8 aborts on a mid-load termination)', async () => {
    const { worker } = fakeWorker();
    const calls: string[] = [];
    worker.terminate = async () => {
      calls.push('terminate');
      return 0;
    };
    let loaded!: () => void;
    const discarded = discardViewWorker({
      worker: worker as unknown as Worker,
      failure: null,
      threadId: null,
      loaded: new Promise<void>((resolve) => (loaded = resolve)),
      discard: () => calls.push('discard'),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['discard']);
    calls.push('loaded');
    loaded();
    await discarded;
    expect(calls).toEqual(['discard', 'loaded', 'terminate']);
  });

  it('terminates it anyway should it never finish loading', async () => {
    const { worker } = fakeWorker();
    let terminated = false;
    worker.terminate = async () => {
      terminated = true;
      return 0;
    };
    const view = { worker: worker as unknown as Worker, failure: null, threadId: null, discard: () => undefined };
    await discardViewWorker({ ...view, loaded: new Promise<void>(() => undefined) }, 10);
    expect(terminated).toBe(true);
  });
});
