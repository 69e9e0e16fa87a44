// OpenAI Responses API (`POST /v1/responses`), as parsed by `@ai-sdk/openai`'s default `openai(id)`.
import { openaiErrorCode, openaiErrorType } from './chat-completions.ts';
import { asArray, asRecord, flattenContent, parsedRequest } from './common.ts';
import type { ApiAdapter, FlatMessage, ReplyContext, SseEvent } from './types.ts';

/** Input items without a role (tool calls/outputs) still carry text worth matching on. */
function inputItemToMessage(raw: unknown): FlatMessage | undefined {
  const item = asRecord(raw);
  if (typeof item.role === 'string') return { role: item.role, content: flattenContent(item.content) };
  if (item.type === 'function_call') {
    return { role: 'assistant', content: `${String(item.name)}(${String(item.arguments ?? '')})` };
  }
  if (item.type === 'function_call_output') return { role: 'tool', content: flattenContent(item.output) };
  return undefined;
}

const ids = (ctx: ReplyContext) => ({
  response: `resp_${ctx.id}`,
  reasoning: `rs_${ctx.id}`,
  message: `msg_${ctx.id}`,
});

function reasoningItem(ctx: ReplyContext) {
  return {
    type: 'reasoning',
    id: ids(ctx).reasoning,
    summary: [{ type: 'summary_text', text: ctx.reasoning }],
  };
}

function messageItem(ctx: ReplyContext, status: 'in_progress' | 'completed') {
  const content = status === 'completed' ? [{ type: 'output_text', text: ctx.text, annotations: [] }] : [];
  return { type: 'message', id: ids(ctx).message, status, role: 'assistant', content };
}

/** The response object; `@ai-sdk/openai` requires `annotations` on every output_text part. */
function responseObject(ctx: ReplyContext, status: 'in_progress' | 'completed') {
  const { usage } = ctx;
  const done = status === 'completed';
  const output = done ? [...(ctx.reasoning ? [reasoningItem(ctx)] : []), messageItem(ctx, 'completed')] : [];
  return {
    id: ids(ctx).response,
    object: 'response',
    created_at: ctx.created,
    status,
    model: ctx.request.model,
    output,
    error: null,
    incomplete_details: null,
    usage: done
      ? {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: usage.cachedInputTokens },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
          total_tokens: usage.inputTokens + usage.outputTokens,
        }
      : null,
  };
}

export const responses: ApiAdapter = {
  api: 'responses',
  path: '/v1/responses',

  parse(body) {
    const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asArray(body.input);
    const messages = input.map(inputItemToMessage).filter((m): m is FlatMessage => m !== undefined);
    // `instructions` (providerOptions.openai.instructions) precedes the input, like a system message.
    if (typeof body.instructions === 'string') messages.unshift({ role: 'system', content: body.instructions });
    return parsedRequest(body, messages);
  },

  json(ctx) {
    return responseObject(ctx, 'completed');
  },

  events(ctx) {
    const { reasoning: rsId, message: msgId } = ids(ctx);
    const events: Array<Record<string, unknown> & { type: string }> = [];
    const deltas = new Set<Record<string, unknown>>();
    const push = (type: string, fields: Record<string, unknown>, isDelta = false): void => {
      const event = { type, ...fields };
      events.push(event);
      if (isDelta) deltas.add(event);
    };

    push('response.created', { response: responseObject(ctx, 'in_progress') });
    push('response.in_progress', { response: responseObject(ctx, 'in_progress') });
    let outputIndex = 0;
    if (ctx.reasoning) {
      const at = { item_id: rsId, output_index: outputIndex, summary_index: 0 };
      push('response.output_item.added', { output_index: outputIndex, item: { ...reasoningItem(ctx), summary: [] } });
      push('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
      for (const piece of ctx.reasoningChunks)
        push('response.reasoning_summary_text.delta', { ...at, delta: piece }, true);
      push('response.reasoning_summary_text.done', { ...at, text: ctx.reasoning });
      push('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text: ctx.reasoning } });
      push('response.output_item.done', { output_index: outputIndex, item: reasoningItem(ctx) });
      outputIndex++;
    }
    const at = { item_id: msgId, output_index: outputIndex, content_index: 0 };
    push('response.output_item.added', { output_index: outputIndex, item: messageItem(ctx, 'in_progress') });
    push('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [] } });
    for (const piece of ctx.textChunks) push('response.output_text.delta', { ...at, delta: piece, logprobs: [] }, true);
    push('response.output_text.done', { ...at, text: ctx.text, logprobs: [] });
    push('response.content_part.done', { ...at, part: { type: 'output_text', text: ctx.text, annotations: [] } });
    push('response.output_item.done', { output_index: outputIndex, item: messageItem(ctx, 'completed') });
    push('response.completed', { response: responseObject(ctx, 'completed') });

    // Real streams name each event after its type and number them; there is no `[DONE]`.
    return events.map((event, sequence): SseEvent => ({
      event: event.type,
      data: { ...event, sequence_number: sequence },
      delta: deltas.has(event),
    }));
  },

  errorBody(status, message) {
    return { error: { message, type: openaiErrorType(status), param: null, code: openaiErrorCode(status) } };
  },
};
