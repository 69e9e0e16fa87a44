import type { ServerResponse } from 'node:http';
import { sleep, waitForAbort } from './common.ts';
import { trickle, type StreamBreak } from './faults.ts';
import type { SseEvent } from './types.ts';

/** `event:` line (when named) plus one `data:` line; string data (e.g. `[DONE]`) is sent verbatim. */
export function formatSseEvent({ event, data }: SseEvent): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}

/**
 * Streams `events`, pausing `chunkDelayMs` between content deltas. Returns false if the client
 * went away mid-stream (the response is then left unfinished).
 */
export async function writeSse(
  res: ServerResponse,
  events: SseEvent[],
  chunkDelayMs: number,
  signal: AbortSignal,
  faults: { streamBreak?: StreamBreak; stallAfterHeaders?: boolean; trickle?: boolean } = {},
): Promise<boolean> {
  res.writeHead(res.statusCode, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  // Send headers now: the SDKs resolve their fetch (and start parsing) on the first byte.
  res.flushHeaders();
  if (faults.stallAfterHeaders) return waitForAbort(signal).then(() => false);
  let sentDelta = false;
  for (const [index, event] of events.entries()) {
    if (faults.streamBreak?.at === index) return breakStream(res, faults.streamBreak.action);
    if (event.delta === true) {
      if (sentDelta && !(await sleep(chunkDelayMs, signal))) return false;
      sentDelta = true;
    }
    if (signal.aborted) return false;
    res.write(formatSseEvent(event));
    const last = events.findLastIndex((candidate) => candidate.delta === true);
    if (faults.trickle && index === last) {
      await trickle(res, event, chunkDelayMs || 50, signal);
      return false;
    }
  }
  res.end();
  return true;
}

/** Ends a stream early: a TCP reset, or a clean end before the finish chunk and `[DONE]`. */
function breakStream(res: ServerResponse, action: 'reset' | 'cut'): false {
  if (action === 'cut') res.end();
  else res.socket?.resetAndDestroy();
  return false;
}
