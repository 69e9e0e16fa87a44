// Anthropic Messages API (`POST /v1/messages`), as parsed by `@ai-sdk/anthropic`.
import { flattenContent, parsedRequest, roleMessages } from './common.ts';
import type { ApiAdapter, ReplyContext, ResolvedUsage, SseEvent } from './types.ts';

/**
 * Anthropic's `input_tokens` excludes cache reads/writes (the SDK adds them back for the total),
 * so the scripted total is split here.
 */
function inputUsage(usage: ResolvedUsage) {
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens),
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
  };
}

/** `thinking_tokens` is what the SDK maps to reasoning tokens; omitted (→ undefined) without reasoning. */
function outputUsage(usage: ResolvedUsage) {
  return {
    output_tokens: usage.outputTokens,
    ...(usage.reasoningTokens > 0 ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } } : {}),
  };
}

/** A fixed fake signature: the SDK requires one on thinking blocks to round-trip them. */
const SIGNATURE = 'test-server-signature';

function messageBase(ctx: ReplyContext) {
  return { id: `msg_${ctx.id}`, type: 'message', role: 'assistant', model: ctx.request.model };
}

export const anthropic: ApiAdapter = {
  api: 'anthropic',
  path: '/v1/messages',

  parse(body) {
    const messages = roleMessages(body.messages);
    // The system prompt is a top-level field (a string or text blocks), not a message.
    if (body.system !== undefined) messages.unshift({ role: 'system', content: flattenContent(body.system) });
    return parsedRequest(body, messages);
  },

  json(ctx) {
    const content = [
      ...(ctx.reasoning ? [{ type: 'thinking', thinking: ctx.reasoning, signature: SIGNATURE }] : []),
      { type: 'text', text: ctx.text },
    ];
    return {
      ...messageBase(ctx),
      content,
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { ...inputUsage(ctx.usage), ...outputUsage(ctx.usage) },
    };
  },

  events(ctx) {
    const events: SseEvent[] = [];
    const push = (data: Record<string, unknown> & { type: string }, delta = false): void => {
      // Anthropic names every event after its `type`.
      events.push({ event: data.type, data, delta });
    };
    push({
      type: 'message_start',
      message: {
        ...messageBase(ctx),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...inputUsage(ctx.usage), output_tokens: 1 },
      },
    });
    push({ type: 'ping' });
    let index = 0;
    if (ctx.reasoning) {
      push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const piece of ctx.reasoningChunks) {
        push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } }, true);
      }
      push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: SIGNATURE } });
      push({ type: 'content_block_stop', index });
      index++;
    }
    push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    for (const piece of ctx.textChunks) {
      push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }, true);
    }
    push({ type: 'content_block_stop', index });
    // The final output count (and stop reason) only arrives here, as in the real API.
    push({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: outputUsage(ctx.usage),
    });
    push({ type: 'message_stop' });
    return events;
  },

  errorBody(status, message) {
    return { type: 'error', error: { type: anthropicErrorType(status), message } };
  },
};

function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}
