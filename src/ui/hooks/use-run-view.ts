import { useEffect, useRef, useState } from 'react';
import type { RlmEvent } from '../../engine/internal.ts';
import { mapStrings, neutralize } from '../../output/index.ts';
import { foldEvents } from '../state/reducer.ts';
import type { RunView } from '../state/run-state.ts';
import { initialRunView } from '../state/run-state.ts';

/** Anything that emits run events: a live run, or a replayed log. */
export interface EventSource {
  subscribe(listener: (event: RlmEvent) => void): () => void;
  /** Events that happened before the UI subscribed. */
  trajectory(): RlmEvent[];
}

/** Model, file and log text with its control characters made visible before layout (and before the terminal). */
const safe = (event: RlmEvent): RlmEvent => mapStrings(event, neutralize);

/** Events in one fold that make it a storm (a large batch of sub-calls under way). */
const STORM_EVENTS = 40;
/** During a storm the view folds (and so re-renders) at most this often: the batch line still reads as live. */
const STORM_INTERVAL_MS = 250;

/** The run's view, folded from its events (see `usePacedRunView`). */
export function useRunView(source: EventSource, fps = 15): RunView {
  return usePacedRunView(source, fps).view;
}

/**
 * The run's view, folded from its events. Events are buffered and folded at most `fps` times a second, so a
 * storm of sub-call events costs the engine one array push each and the terminal at most `fps` re-renders; while
 * a storm lasts, a few frames a second, since each frame is a full React and layout pass (issue 14, `bench:ui`).
 * `storming` says a storm is under way: the folds then redraw the view often enough that its animations need no
 * timers of their own, whose every tick would be one more full pass.
 */
export function usePacedRunView(source: EventSource, fps = 15): { view: RunView; storming: boolean } {
  const [initial] = useState(() => {
    const events = source.trajectory();
    return { count: events.length, view: foldEvents(events.map(safe), initialRunView()) };
  });
  const [view, setView] = useState<RunView>(initial.view);
  const [storming, setStorming] = useState(false);
  const buffer = useRef<RlmEvent[]>([]);
  // Trajectory events folded or buffered so far: those emitted between the first render and the subscription are not lost.
  const folded = useRef<number | null>(null);
  useEffect(() => {
    const missed = source.trajectory().slice(folded.current ?? initial.count);
    buffer.current = missed;
    folded.current = (folded.current ?? initial.count) + missed.length;
    const flush = (): number => {
      if (buffer.current.length === 0) return 0;
      const batch = buffer.current;
      buffer.current = [];
      // Made safe here, in the throttled fold, so each event costs the engine one push only.
      const safeBatch = batch.map(safe);
      setView((previous) => foldEvents(safeBatch, previous));
      return batch.length;
    };
    const unsubscribe = source.subscribe((event) => {
      folded.current = (folded.current ?? 0) + 1;
      buffer.current.push(event);
      if (event.type === 'run_end' && event.depth === 0) setImmediate(flush);
    });
    const interval = Math.max(16, Math.round(1000 / fps));
    let timer: NodeJS.Timeout;
    const tick = () => {
      const storm = flush() >= STORM_EVENTS;
      // Set in the same batch as the fold: React skips a value that has not changed.
      setStorming(storm);
      timer = setTimeout(tick, storm ? Math.max(interval, STORM_INTERVAL_MS) : interval);
    };
    timer = setTimeout(tick, interval);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      flush();
    };
  }, [source, fps, initial]);
  return { view, storming };
}
