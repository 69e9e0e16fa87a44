import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Spinner } from '../../src/ui/components/spinner.tsx';
import { usePacedRunView, useRunView } from '../../src/ui/hooks/use-run-view.ts';
import { eventFactory, fakeSource, runStartPayload } from './support.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const at = eventFactory();
/** Events the fold counts one by one: iteration starts of an RLM. */
const events = (count: number, from: number) =>
  Array.from({ length: count }, (_, index) =>
    at({ type: 'iteration_start', iteration: from + index, maxIterations: 10_000 }),
  );

/** Emits `perTick` numbered events every 50 ms (fake time) for `ms`; `emitted()` counts them all. */
function emitter(source: ReturnType<typeof fakeSource>) {
  let next = 1;
  const emit = async (perTick: number, ms: number) => {
    for (let elapsed = 0; elapsed < ms; elapsed += 50) {
      source.emit(...events(perTick, next));
      next += perTick;
      await vi.advanceTimersByTimeAsync(50);
    }
  };
  return Object.assign(emit, { emitted: () => next - 1 });
}

/** Shows how many iterations the folded view holds: the number on screen is what the last fold saw. */
function Probe({ source }: { source: ReturnType<typeof fakeSource> }) {
  const view = useRunView(source, 10);
  return <Text>{String(view.rlms.r0?.iterations.length ?? 0)}</Text>;
}

describe('useRunView folds a storm of events a few times a second', () => {
  it('folds every 100 ms at 10 fps, and every 250 ms while each fold holds a storm (40 events or more)', async () => {
    vi.useFakeTimers();
    const source = fakeSource([at(runStartPayload({ maxIterations: 10_000 }))]);
    const app = render(<Probe source={source} />);
    const emitEvery50Ms = emitter(source);
    /** Emits `perTick` events every 50 ms for 2 s; returns how many different views were drawn meanwhile (folds). */
    const foldsDuring = async (perTick: number) => {
      const before = new Set(app.frames).size;
      await emitEvery50Ms(perTick, 2_000);
      await vi.advanceTimersByTimeAsync(500);
      return new Set(app.frames).size - before;
    };
    // A trickle (40 events a second): a fold every 100 ms, about 20 in 2 s.
    const trickle = await foldsDuring(2);
    expect(trickle).toBeGreaterThanOrEqual(17);
    expect(trickle).toBeLessThanOrEqual(22);
    // A storm (1,000 events a second): a fold every 250 ms, about 8 in 2 s.
    const storm = await foldsDuring(50);
    expect(storm).toBeGreaterThanOrEqual(7);
    expect(storm).toBeLessThanOrEqual(10);
    // Nothing is lost: the last view holds every event.
    expect(app.lastFrame()).toBe(String(emitEvery50Ms.emitted()));
  });
});

/** Shows whether the last fold held a storm. */
function PaceProbe({ source }: { source: ReturnType<typeof fakeSource> }) {
  const { storming } = usePacedRunView(source, 10);
  return <Text>{storming ? 'storm' : 'calm'}</Text>;
}

describe('usePacedRunView says when a storm is under way', () => {
  it('from the first fold that holds 40 events or more, until a fold holds fewer', async () => {
    vi.useFakeTimers();
    const source = fakeSource([at(runStartPayload({ maxIterations: 10_000 }))]);
    const app = render(<PaceProbe source={source} />);
    const emitFor = emitter(source);
    await emitFor(2, 500);
    expect(app.lastFrame()).toBe('calm');
    await emitFor(50, 500);
    expect(app.lastFrame()).toBe('storm');
    await emitFor(1, 600);
    expect(app.lastFrame()).toBe('calm');
  });
});

describe('Spinner', () => {
  it("shows the clock's frame and keeps no timer when given a clock; animates on a timer of its own otherwise", async () => {
    vi.useFakeTimers();
    const still = render(<Spinner clock={5 * 200 + 30} />);
    await vi.advanceTimersByTimeAsync(0);
    // Frame 5 of 10 (200 ms each), and nothing scheduled to move it.
    expect(still.lastFrame()).toBe('⠴');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(still.lastFrame()).toBe('⠴');
    still.unmount();
    const spinning = render(<Spinner />);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const first = spinning.lastFrame();
    await vi.advanceTimersByTimeAsync(400);
    expect(spinning.lastFrame()).not.toBe(first);
  });
});
