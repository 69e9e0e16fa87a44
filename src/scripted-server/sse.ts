import type { ServerResponse } from 'node:http';
import { sleep } from './common.ts';
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
): Promise<boolean> {
  res.writeHead(res.statusCode, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  // Send headers now: the SDKs resolve their fetch (and start parsing) on the first byte.
  res.flushHeaders();
  let sentDelta = false;
  for (const event of events) {
    if (event.delta === true) {
      if (sentDelta && !(await sleep(chunkDelayMs, signal))) return false;
      sentDelta = true;
    }
    if (signal.aborted) return false;
    res.write(formatSseEvent(event));
  }
  res.end();
  return true;
}
