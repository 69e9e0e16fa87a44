import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RlmEvent, RlmEventOf, RlmEventType } from '../../src/engine/index.ts';
import type { EventSource } from '../../src/ui/index.ts';
import { createEventHub } from '../../src/output/index.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

/** A recorded event log (scripts/record-ui-fixtures.ts): one event per line. */
export function loadEvents(name: 'map-1000' | 'depth-2'): RlmEvent[] {
  const text = readFileSync(`${FIXTURES}${name}.jsonl`, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RlmEvent);
}

export function ofType<T extends RlmEventType>(events: RlmEvent[], type: T): Array<RlmEventOf<T>> {
  return events.filter((event): event is RlmEventOf<T> => event.type === type);
}

export { sumUsage } from '../support/engine-helpers.ts';

/** An EventSource like a live run: `trajectory()` holds what was emitted so far, `emit` reaches subscribers. */
export function fakeSource(
  initial: RlmEvent[] = [],
): EventSource & { emit(...events: RlmEvent[]): void; listeners(): number } {
  const hub = createEventHub([...initial]);
  return {
    subscribe: hub.subscribe,
    trajectory: () => [...hub.events],
    emit: hub.emit,
    listeners: hub.listenerCount,
  };
}

export const tick = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` holds (renders are throttled and the machine may be busy); the caller's expect reports a miss. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await tick(10);
}

const ESC = '\u001B';
const ANSI = new RegExp(`${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^\u0007]*\u0007|${ESC}[()][0-9A-B]|${ESC}[=>78]`, 'g');
const SGR = new RegExp(`${ESC}\\[([\\d;]*)m`, 'g');

/** Strips ANSI escape sequences (colours, cursor moves). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The SGR sequences that set a colour (parameters 30–49, 90–97, 100–107; 38/48 start 256/true colours). */
export function colourCodes(text: string): string[] {
  return [...text.matchAll(SGR)]
    .filter((match) => (match[1] ?? '').split(';').some((code) => /^(3\d|4\d|9[0-7]|10[0-7])$/.test(code)))
    .map((match) => match[0]);
}

/** One colour sequence, e.g. yellow `colour(33)`, for exact matches. */
export const colour = (code: number) => `${ESC}[${code}m`;

/** Small hand-written events: a base stamped onto each payload, with increasing timestamps. */
export function eventFactory(runId = 'hand') {
  let ts = 1_000;
  return (
    payload: Record<string, unknown> & { type: RlmEventType },
    base: Partial<{ rlmId: string; parentId: string | null; depth: number }> = {},
  ): RlmEvent =>
    ({ runId, rlmId: 'r0', parentId: null, depth: 0, ts: (ts += 10), ...base, ...payload }) as unknown as RlmEvent;
}

/** A `run_start` payload for `eventFactory`: a one-level run with no budget but `maxIterations`. */
export function runStartPayload(
  fields: { question?: string; maxIterations?: number; sessionId?: string; questionIndex?: number } = {},
) {
  const { question = 'q', maxIterations = 10, ...session } = fields;
  return {
    type: 'run_start' as const,
    question,
    model: 'm',
    subModel: 's',
    context: { type: 'string', chars: 1, documents: 1, paths: [] },
    limits: {
      maxIterations,
      maxDepth: 1,
      maxCostUsd: null,
      maxTokens: null,
      maxSubcalls: null,
      timeoutMs: null,
      concurrency: 1,
    },
    ...session,
  };
}
