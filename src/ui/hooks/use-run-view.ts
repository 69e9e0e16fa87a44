import { useEffect, useRef, useState } from 'react';
import type { RlmEvent } from '../../engine/index.ts';
import { foldEvents } from '../state/reducer.ts';
import type { RunView } from '../state/run-state.ts';
import { initialRunView } from '../state/run-state.ts';

/** Anything that emits run events: a live run, or a replayed log. */
export interface EventSource {
  subscribe(listener: (event: RlmEvent) => void): () => void;
  /** Events that happened before the UI subscribed. */
  trajectory(): RlmEvent[];
}

/**
 * The run's view, folded from its events. Events are buffered and folded at most `fps` times a second, so a
 * storm of sub-call events costs the engine one array push each and the terminal at most `fps` re-renders.
 */
export function useRunView(source: EventSource, fps = 15): RunView {
  const [view, setView] = useState<RunView>(() => foldEvents(source.trajectory(), initialRunView()));
  const buffer = useRef<RlmEvent[]>([]);
  useEffect(() => {
    const seen = source.trajectory().length;
    buffer.current = source.trajectory().slice(seen);
    const flush = () => {
      if (buffer.current.length === 0) return;
      const batch = buffer.current;
      buffer.current = [];
      setView((previous) => foldEvents(batch, previous));
    };
    const unsubscribe = source.subscribe((event) => {
      buffer.current.push(event);
      if (event.type === 'run_end' && event.depth === 0) setImmediate(flush);
    });
    const timer = setInterval(flush, Math.max(16, Math.round(1000 / fps)));
    return () => {
      unsubscribe();
      clearInterval(timer);
      flush();
    };
  }, [source, fps]);
  return view;
}
