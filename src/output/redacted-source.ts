import type { RlmEvent } from '../engine/internal.ts';
import type { Redactor } from './redactor.ts';

/** Anything that emits run events (a live run): what the log, the TUI and the printers subscribe to. */
export interface RunEventSource {
  subscribe(listener: (event: RlmEvent) => void): () => void;
  trajectory(): RlmEvent[];
}

/**
 * The run's events with secrets redacted, for every consumer at once (log, TUI, progress, --stream-json).
 * Streamed deltas are redacted across their boundaries: the end of a delta that could begin a secret is held
 * back until the next delta of that call (or its end) shows whether it does.
 */
export function redactedSource(source: RunEventSource, redactor: Redactor): RunEventSource {
  const pieces = redactor.pieces();
  const seen: RlmEvent[] = [];
  const listeners = new Set<(event: RlmEvent) => void>();
  const emit = (event: RlmEvent) => {
    seen.push(event);
    for (const listener of listeners) listener(event);
  };
  const forward = (event: RlmEvent) => {
    if (event.type === 'llm_call_delta') {
      const text = pieces.push(event.callId, event.text);
      if (text !== '') emit({ ...event, text });
      return;
    }
    if (event.type === 'llm_call_end') {
      const rest = pieces.flush(event.callId);
      if (rest !== '') emit({ ...event, type: 'llm_call_delta', callId: event.callId, text: rest } as RlmEvent);
    }
    emit(redactor.value(event));
  };
  for (const event of source.trajectory()) forward(event);
  source.subscribe(forward);
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trajectory: () => [...seen],
  };
}
