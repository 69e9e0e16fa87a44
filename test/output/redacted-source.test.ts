import { describe, expect, it } from 'vitest';
import type { RlmEvent } from '../../src/engine/internal.ts';
import { createRedactor, REDACTED, redactedSource, type RunEventSource } from '../../src/output/index.ts';

const KEY = 'sk-live-0123456789abcdefXYZ';

/** A run's event source as the engine offers it: listeners are called inside `emit`. */
function fakeRun() {
  const events: RlmEvent[] = [];
  const listeners = new Set<(event: RlmEvent) => void>();
  const source: RunEventSource = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trajectory: () => [...events],
  };
  const emit = (event: RlmEvent) => {
    events.push(event);
    for (const listener of listeners) listener(event);
  };
  return { source, emit };
}

const notice = (iteration: number, text = ''): RlmEvent =>
  ({ type: 'code_block', iteration, index: 0, language: 'repl', code: text }) as unknown as RlmEvent;

describe('redactedSource keeps its consumers off the engine’s path', () => {
  it('delivers nothing inside the engine’s emit, then every event in order, redacted, on the next turn', async () => {
    const run = fakeRun();
    const events = redactedSource(run.source, createRedactor([KEY]));
    const seen: string[] = [];
    events.subscribe((event) =>
      seen.push(`${(event as { iteration: number }).iteration}:${(event as { code: string }).code}`),
    );
    run.emit(notice(1, `key ${KEY}`));
    run.emit(notice(2));
    // The engine goes on to its next request before any consumer (log, printer, view) has run.
    expect(seen).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([`1:key ${REDACTED}`, '2:']);
  });

  it('flush delivers what is held back at once; trajectory() includes it; events caused while draining follow', () => {
    const run = fakeRun();
    const events = redactedSource(run.source, createRedactor());
    const seen: number[] = [];
    events.subscribe((event) => {
      const iteration = (event as { iteration: number }).iteration;
      seen.push(iteration);
      // A consumer that makes the engine emit (a key that aborts the run): delivered in the same drain, after.
      if (iteration === 1) run.emit(notice(3));
    });
    run.emit(notice(1));
    run.emit(notice(2));
    events.flush();
    expect(seen).toEqual([1, 2, 3]);
    run.emit(notice(4));
    expect(events.trajectory().map((event) => (event as { iteration: number }).iteration)).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('drops what it held back of a streamed attempt that broke off: the retry starts clean', () => {
    const run = fakeRun();
    const events = redactedSource(run.source, createRedactor([KEY]));
    const deltas: string[] = [];
    events.subscribe((event) => {
      if (event.type === 'llm_call_delta') deltas.push(event.text);
    });
    const delta = (text: string) => ({ type: 'llm_call_delta', callId: 'c1', text }) as unknown as RlmEvent;
    // "sk-l" could begin the key: held back until the next piece shows whether it does.
    run.emit(delta('first attempt sk-l'));
    run.emit({ type: 'llm_call_retry', callId: 'c1', attempt: 1, delayMs: 10, reason: 'reset' } as unknown as RlmEvent);
    run.emit(delta('second attempt'));
    events.flush();
    expect(deltas.join('|')).toBe('first attempt |second attempt');
  });
});
