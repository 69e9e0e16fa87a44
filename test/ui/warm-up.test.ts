import { describe, expect, it, vi } from 'vitest';
import { warmUpView } from '../../src/ui/live-view/warm-up.ts';
import { WAIT_FOR_MS } from '../support/time-limits.ts';

describe('warmUpView: the view thread draws its first frame off-screen while the CLI loads', () => {
  it('writes nothing to the terminal and leaves no timer behind, nor a listener per call', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const signals = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const listeners = () => signals.map((name) => process.listenerCount(name));
    const timersBefore = timers();
    warmUpView(100, 50);
    // ink's cursor restore registers its exit handlers once per process, as a real mount does: counted from here.
    const listenersAfterFirst = listeners();
    warmUpView(80, 24);
    // Unmounting finishes on the loop's next turns; a timer left running (a spinner, the fold's tick) never goes.
    // Polled with setImmediate, which starts no timer of its own.
    const deadline = Date.now() + WAIT_FOR_MS;
    while (timers() > timersBefore && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    expect(write).not.toHaveBeenCalled();
    expect(listeners()).toEqual(listenersAfterFirst);
    write.mockRestore();
  });
});
