import type { ServerResponse } from 'node:http';
import { formatSseEvent } from './sse.ts';
import type { ReplyContext, ScriptedReply, SseEvent } from './types.ts';

/** What the SSE writer does once `afterChunks` content chunks have gone out. */
export type StreamBreak = { at: number; action: 'reset' | 'cut' } | undefined;

/**
 * Applies a reply's `fault` to the events of a stream: a malformed chunk is spliced in, `empty-choices` replaces the
 * rest; `reset` and `cut` are left to the writer (returned as the break point).
 */
export function faultyEvents(
  reply: ScriptedReply,
  ctx: ReplyContext,
  events: SseEvent[],
): { events: SseEvent[]; streamBreak: StreamBreak } {
  const fault = reply.fault;
  if (!fault) return { events, streamBreak: undefined };
  const after = fault.afterChunks ?? 1;
  const cut = indexAfterDeltas(events, after);
  switch (fault.kind) {
    case 'reset':
    case 'cut':
      return { events, streamBreak: { at: cut, action: fault.kind } };
    case 'malformed':
      return {
        events: [...events.slice(0, cut), { data: '{"choices": [{"delta": {"content": "bro' }, ...events.slice(cut)],
        streamBreak: undefined,
      };
    case 'empty-choices':
      return {
        events: [...events.slice(0, cut), { data: emptyChoicesChunk(ctx) }, { data: '[DONE]' }],
        streamBreak: undefined,
      };
  }
}

/** Index just past the `count`-th content delta (or the end when there are fewer). */
function indexAfterDeltas(events: SseEvent[], count: number): number {
  if (count <= 0)
    return Math.max(
      0,
      events.findIndex((event) => event.delta === true),
    );
  let seen = 0;
  for (const [index, event] of events.entries()) {
    if (event.delta === true && ++seen === count) return index + 1;
  }
  return events.length;
}

function emptyChoicesChunk(ctx: ReplyContext) {
  return {
    id: `chatcmpl-${ctx.id}`,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.request.model,
    choices: [],
  };
}

/** A non-streamed reply's body, broken as the fault says; undefined when the body is sent intact. */
export function faultyJson(reply: ScriptedReply, body: unknown): { text: string; reset: boolean } | undefined {
  const kind = reply.fault?.kind;
  if (kind === undefined) return undefined;
  if (kind === 'empty-choices') return { text: JSON.stringify({ ...(body as object), choices: [] }), reset: false };
  const text = JSON.stringify(body);
  return { text: text.slice(0, Math.floor(text.length / 2)), reset: kind === 'reset' };
}

/** Repeats `event` every `delayMs` until the client goes away: a server that trickles forever. */
export async function trickle(res: ServerResponse, event: SseEvent, delayMs: number, signal: AbortSignal) {
  while (!signal.aborted && !res.destroyed) {
    res.write(formatSseEvent(event));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
