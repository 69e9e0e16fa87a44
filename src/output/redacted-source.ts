import type { RlmEvent } from '../engine/internal.ts';
import { createEventHub } from './event-hub.ts';
import type { Redactor } from './redactor.ts';

/** Anything that emits run events (a live run): what the log, the TUI and the printers subscribe to. */
export interface RunEventSource {
  subscribe(listener: (event: RlmEvent) => void): () => void;
  trajectory(): RlmEvent[];
}

/** A source whose events reach its listeners a moment later; `flush` delivers everything held back now. */
export interface DeferredEventSource extends RunEventSource {
  flush(): void;
}

/**
 * The run's events with secrets redacted, for every consumer at once (log, TUI, progress, --stream-json).
 * Streamed deltas are redacted across their boundaries: the end of a delta that could begin a secret is held
 * back until the next delta of that call (or its end) shows whether it does.
 *
 * Events are redacted and delivered on the next turn of the event loop, not inside the engine's emit: redacting,
 * logging and printing then never delay the engine's next request (issue 14). Call `flush` before reading the
 * consumers' final state (closing the log, the last frame) or before exiting.
 */
export function redactedSource(source: RunEventSource, redactor: Redactor): DeferredEventSource {
  const pieces = redactor.pieces();
  const hub = createEventHub<RlmEvent>();
  const emit = (event: RlmEvent) => hub.emit(event);
  const forward = (event: RlmEvent) => {
    if (event.type === 'llm_call_delta') {
      const text = pieces.push(event.callId, event.text);
      if (text !== '') emit({ ...event, text });
      return;
    }
    // The attempt that broke off is over: what was held back of it must not start the next attempt's text.
    if (event.type === 'llm_call_retry') pieces.flush(event.callId);
    if (event.type === 'llm_call_end') {
      const rest = pieces.flush(event.callId);
      if (rest !== '') emit({ ...event, type: 'llm_call_delta', callId: event.callId, text: rest } as RlmEvent);
    }
    emit(redactor.value(event));
  };
  const pending: RlmEvent[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    // A listener may cause more events (a key that aborts the run): they join this same drain, in order.
    while (pending.length > 0) for (const event of pending.splice(0)) forward(event);
  };
  for (const event of source.trajectory()) forward(event);
  source.subscribe((event) => {
    pending.push(event);
    scheduled ??= setImmediate(flush);
  });
  return {
    subscribe: hub.subscribe,
    trajectory: () => {
      flush();
      return [...hub.events];
    },
    flush,
  };
}
