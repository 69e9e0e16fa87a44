import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import type { ToView } from '../../src/ui/live-view/protocol.ts';
import { renderInViewProcess } from '../../src/ui/live-view/view-host.ts';
import { fakeSource, loadEvents } from './support.ts';

/** A stand-in for the view's process that records what the CLI sends it and whether it was killed. */
function fakeViewProcess() {
  const sent: ToView[] = [];
  const kills: string[] = [];
  const handle = () => ({ ref: () => undefined, unref: () => undefined });
  const child = Object.assign(new EventEmitter(), handle(), {
    pid: undefined,
    channel: handle(),
    stdout: null,
    stderr: Object.assign(new PassThrough(), handle()),
    send: (message: ToView, callback?: (error: Error | null) => void) => {
      sent.push(structuredClone(message));
      callback?.(null);
      return true;
    },
    kill: (signal: string) => kills.push(signal),
  });
  return {
    view: { child: child as unknown as ChildProcess, failure: null },
    sent,
    kills,
    reply: (message: unknown) => child.emit('message', message),
    exit: (code: number | null) => child.emit('exit', code, null),
    close: (code: number | null, signal: string | null = null) => child.emit('close', code, signal),
  };
}

function mountOn(fake: ReturnType<typeof fakeViewProcess>) {
  const source = fakeSource();
  let stderr = '';
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
  const handle = renderInViewProcess(
    {
      source,
      stdout: terminal as unknown as NodeJS.WriteStream,
      stdin: Object.assign(new PassThrough(), { setRawMode: () => undefined }) as unknown as NodeJS.ReadStream,
      stderr: Object.assign(new PassThrough(), {
        write: (text: string) => ((stderr += text), true),
      }) as unknown as NodeJS.WriteStream,
      color: false,
      logFile: '/tmp/run.jsonl',
      onAbort: () => undefined,
      onForceQuit: () => undefined,
    },
    fake.view,
  );
  return { source, handle, stderr: () => stderr };
}

describe('renderInViewProcess: the CLI side of the live view', () => {
  it("asks the view for its last frame as soon as the run's end arrives, before the CLI has closed its log", async () => {
    const events = loadEvents('depth-2');
    const fake = fakeViewProcess();
    const { source, handle } = mountOn(fake);
    const { sent } = fake;
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
    fake.reply({ type: 'done' });
    expect(await finished).toBe(true);
    expect(sent.filter((message) => message.type === 'finish')).toHaveLength(1);
  });

  it('takes the view exiting after its last frame as the end it is, not as a loss', async () => {
    const fake = fakeViewProcess();
    const { handle, stderr } = mountOn(fake);
    const finished = handle.finish();
    fake.reply({ type: 'done' });
    fake.close(0);
    expect(await finished).toBe(true);
    expect(stderr()).toBe('');
    expect(fake.kills).toEqual([]);
  });

  it('says why a crashed view stopped, even when its exit is heard before its last message', async () => {
    const fake = fakeViewProcess();
    const { handle, stderr } = mountOn(fake);
    // Node may report the process's exit before it has read the last message from the channel.
    fake.exit(1);
    fake.reply({ type: 'crashed', message: 'Cannot read properties of undefined' });
    fake.close(1);
    expect(stderr()).toContain(
      'rlm: the live view stopped (Cannot read properties of undefined); the run goes on without it.',
    );
    expect(await handle.finish()).toBe(false);
  });

  it('says how the view ended when it died without a word', async () => {
    const fake = fakeViewProcess();
    const { handle, stderr } = mountOn(fake);
    fake.close(null, 'SIGKILL');
    expect(stderr()).toContain('rlm: the live view stopped (its process was killed by SIGKILL)');
    expect(await handle.finish()).toBe(false);
  });

  it('gives up on a view that never finishes after 10 s, kills it, and lets the CLI print the answer', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeViewProcess();
      const { handle, stderr } = mountOn(fake);
      const finished = handle.finish();
      await vi.advanceTimersByTimeAsync(9_999);
      expect(stderr()).toBe('');
      await vi.advanceTimersByTimeAsync(1);
      expect(await finished).toBe(false);
      expect(stderr()).toContain('rlm: the live view stopped (it did not finish within 10 s)');
      expect(fake.kills).toEqual(['SIGKILL']);
    } finally {
      vi.useRealTimers();
    }
  });
});
