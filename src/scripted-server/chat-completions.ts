// OpenAI Chat Completions (`POST /v1/chat/completions`), as parsed by `@ai-sdk/openai`'s `.chat()`
// and `@ai-sdk/openai-compatible`.
import { asRecord, parsedRequest, roleMessages } from './common.ts';
import type { ApiAdapter, ReplyContext, ResolvedUsage, SseEvent } from './types.ts';

function wireUsage(usage: ResolvedUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

/** Fields shared by every chunk; `@ai-sdk/openai` requires `choices[].index`. */
function chunk(ctx: ReplyContext, choices: unknown[], extra: Record<string, unknown> = {}) {
  return {
    id: `chatcmpl-${ctx.id}`,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.request.model,
    choices,
    ...extra,
  };
}

function delta(ctx: ReplyContext, fields: Record<string, unknown>, finishReason: string | null = null) {
  return chunk(ctx, [{ index: 0, delta: fields, logprobs: null, finish_reason: finishReason }]);
}

export const chatCompletions: ApiAdapter = {
  api: 'chat',
  path: '/v1/chat/completions',

  parse(body) {
    const messages = roleMessages(body.messages);
    return parsedRequest(body, messages);
  },

  json(ctx) {
    return {
      id: `chatcmpl-${ctx.id}`,
      object: 'chat.completion',
      created: ctx.created,
      model: ctx.request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: ctx.text,
            refusal: null,
            // Not an OpenAI field: DeepSeek/vLLM-style, read by openai-compatible only.
            ...(ctx.reasoning ? { reasoning_content: ctx.reasoning } : {}),
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: wireUsage(ctx.usage),
    };
  },

  events(ctx) {
    const events: SseEvent[] = [{ data: delta(ctx, { role: 'assistant', content: '' }) }];
    for (const piece of ctx.reasoningChunks) {
      events.push({ data: delta(ctx, { reasoning_content: piece }), delta: true });
    }
    for (const piece of ctx.textChunks) {
      events.push({ data: delta(ctx, { content: piece }), delta: true });
    }
    // Both SDKs report an error if the stream ends without a finish_reason.
    events.push({ data: delta(ctx, {}, 'stop') });
    const streamOptions = asRecord(asRecord(ctx.request.body).stream_options);
    if (streamOptions.include_usage === true) {
      // Usage arrives in its own chunk with an empty `choices` array, as OpenAI sends it.
      events.push({ data: chunk(ctx, [], { usage: wireUsage(ctx.usage) }) });
    }
    events.push({ data: '[DONE]' });
    return events;
  },

  errorBody(status, message) {
    return { error: { message, type: openaiErrorType(status), param: null, code: openaiErrorCode(status) } };
  },
};

export function openaiErrorType(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function openaiErrorCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}
