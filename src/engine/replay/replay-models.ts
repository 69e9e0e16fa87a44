import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { RlmError } from '../errors.ts';
import type { RlmEvent, RlmEventOf } from '../events.ts';
import { indexTrajectory } from '../trajectory/fold-trajectory.ts';
import { requestOf } from '../trajectory/trajectory-queries.ts';
import type { ChatMessage, ModelResolver } from '../types.ts';
import { toProviderUsage } from '../usage/provider-usage.ts';

export type ReplayMode = 'strict' | 'sequential';

export interface ReplayOptions {
  /** strict: each request must match a recorded one (any order); sequential: recorded responses in recorded order. */
  mode?: ReplayMode;
  /** Wait this fraction of each recorded latency before answering (0 = instant, 1 = as recorded). */
  latencyScale?: number;
}

interface RecordedCall {
  callId: string;
  model: string;
  depth: number;
  request: Array<{ role: string; content: string }>;
  key: string;
  end: RlmEventOf<'llm_call_end'>;
  used: boolean;
}

export interface ReplayResolver extends ModelResolver {
  /** Recorded calls not served yet. */
  remaining(): number;
}

/**
 * Models that answer from a recorded trajectory, so a run can be reproduced offline through the real engine.
 * Memo hits were never requests and are skipped; failed calls fail again with their recorded message.
 */
export function createReplayResolver(trajectory: RlmEvent[], options: ReplayOptions = {}): ReplayResolver {
  const mode = options.mode ?? 'strict';
  const calls = recordedCalls(trajectory);
  let served = 0;

  const take = (request: Array<{ role: string; content: string }>, modelId: string): RecordedCall => {
    served += 1;
    if (mode === 'sequential') {
      const next = calls.find((call) => !call.used);
      if (!next)
        throw new RlmError(
          'replay_divergence',
          `Replay ran out of recorded calls at model call #${served} (${modelId}): the recording has ${calls.length}.`,
        );
      next.used = true;
      return next;
    }
    const key = requestKey(request);
    const match = calls.find((call) => !call.used && call.key === key);
    if (match) {
      match.used = true;
      return match;
    }
    throw new RlmError('replay_divergence', divergenceMessage(served, modelId, request, calls));
  };

  const resolver = (modelId: string): LanguageModelV4 => ({
    specificationVersion: 'v4',
    provider: 'replay',
    modelId,
    supportedUrls: {},
    doGenerate: async (callOptions) => {
      const call = take(flattenPrompt(callOptions), modelId);
      await pause(call, options.latencyScale, callOptions.abortSignal);
      failIfFailed(call);
      return {
        content: [
          ...(call.end.reasoning ? [{ type: 'reasoning' as const, text: call.end.reasoning }] : []),
          { type: 'text' as const, text: call.end.text },
        ],
        finishReason: { unified: 'stop', raw: call.end.finishReason ?? 'stop' },
        usage: toProviderUsage(call.end.usage),
        warnings: [],
      };
    },
    doStream: async (callOptions) => {
      const call = take(flattenPrompt(callOptions), modelId);
      await pause(call, options.latencyScale, callOptions.abortSignal);
      failIfFailed(call);
      const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
      if (call.end.reasoning)
        parts.push(
          { type: 'reasoning-start', id: 'r' },
          { type: 'reasoning-delta', id: 'r', delta: call.end.reasoning },
          { type: 'reasoning-end', id: 'r' },
        );
      parts.push(
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: call.end.text },
        { type: 'text-end', id: 't' },
      );
      parts.push({
        type: 'finish',
        finishReason: { unified: 'stop', raw: call.end.finishReason ?? 'stop' },
        usage: toProviderUsage(call.end.usage),
      });
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  });
  return Object.assign(resolver, { remaining: () => calls.filter((call) => !call.used).length });
}

/** The calls made, in the order they were made, each with its whole request (rebuilt by the trajectory index). */
function recordedCalls(trajectory: RlmEvent[]): RecordedCall[] {
  const index = indexTrajectory(trajectory);
  const calls: RecordedCall[] = [];
  for (const call of index.calls.values()) {
    const request = requestOf(index, call.key);
    if (!call.end || call.end.cached || !request) continue;
    const flat = toRequest(request.instructions, request.messages);
    calls.push({
      callId: call.callId,
      model: call.model,
      depth: call.depth,
      request: flat,
      key: requestKey(flat),
      end: call.end,
      used: false,
    });
  }
  return calls;
}

function toRequest(instructions: string | null, messages: ChatMessage[]): Array<{ role: string; content: string }> {
  return [
    ...(instructions ? [{ role: 'system', content: instructions }] : []),
    ...messages.map((message) => ({ role: message.role, content: message.content })),
  ];
}

/** A provider-level prompt as plain role/text pairs (system instructions and reasoning text included). */
export function flattenPrompt(options: LanguageModelV4CallOptions): Array<{ role: string; content: string }> {
  return options.prompt.map((message) => ({
    role: message.role,
    content:
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(''),
  }));
}

function requestKey(request: Array<{ role: string; content: string }>): string {
  return JSON.stringify(request);
}

/** Names the closest recorded call and where it first differs from the live request. */
function divergenceMessage(
  callNumber: number,
  modelId: string,
  request: Array<{ role: string; content: string }>,
  calls: RecordedCall[],
): string {
  const candidates = calls.filter((call) => !call.used);
  const header = `Replay diverged at model call #${callNumber} (${modelId}): no recorded call matches this request.`;
  if (candidates.length === 0) return `${header} Every recorded call has already been replayed.`;
  const scored = candidates.map((call) => ({ call, same: commonPrefix(call.request, request) }));
  const best = scored.reduce((a, b) => (b.same > a.same ? b : a));
  const index = best.same;
  const recorded = best.call.request[index];
  const live = request[index];
  const where = `message ${index + 1} (${live?.role ?? recorded?.role ?? '?'})`;
  return `${header} The closest recorded call is ${best.call.callId} (depth ${best.call.depth}, ${best.call.model}); it first differs at ${where}: recorded ${snippet(recorded?.content, live?.content)} vs now ${snippet(live?.content, recorded?.content)}.`;
}

function commonPrefix(
  a: Array<{ role: string; content: string }>,
  b: Array<{ role: string; content: string }>,
): number {
  let index = 0;
  while (
    index < a.length &&
    index < b.length &&
    a[index]?.role === b[index]?.role &&
    a[index]?.content === b[index]?.content
  )
    index += 1;
  return index;
}

/** A short excerpt of `text` around its first difference from `other`. */
function snippet(text: string | undefined, other: string | undefined): string {
  if (text === undefined) return '(no message)';
  let at = 0;
  const compareTo = other ?? '';
  while (at < text.length && at < compareTo.length && text[at] === compareTo[at]) at += 1;
  const start = Math.max(0, at - 30);
  return JSON.stringify(`${start > 0 ? '…' : ''}${text.slice(start, at + 50)}${at + 50 < text.length ? '…' : ''}`);
}

function failIfFailed(call: RecordedCall): void {
  if (!call.end.ok)
    throw new RlmError(
      'provider_failed',
      `(replayed failure) ${call.end.error?.message ?? 'the recorded call failed'}`,
    );
}

async function pause(call: RecordedCall, scale: number | undefined, signal: AbortSignal | undefined): Promise<void> {
  const ms = (scale ?? 0) * call.end.latencyMs;
  if (ms <= 0) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
