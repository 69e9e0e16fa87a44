// Google Gemini API (`POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent?alt=sse`), as parsed
// by `@ai-sdk/google`. The model and whether to stream are in the path, not the body.
import { asArray, asRecord, flattenContent, parsedRequest } from './common.ts';
import type { ApiAdapter, FlatMessage, ReplyContext, SseEvent } from './types.ts';

const PATH = /^\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Gemini reports prompt tokens with the cached part inside, and text output apart from thinking. */
function usageMetadata(ctx: ReplyContext) {
  const { usage } = ctx;
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - usage.reasoningTokens),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    ...(usage.cachedInputTokens > 0 ? { cachedContentTokenCount: usage.cachedInputTokens } : {}),
    ...(usage.reasoningTokens > 0 ? { thoughtsTokenCount: usage.reasoningTokens } : {}),
  };
}

function candidate(parts: Array<{ text: string; thought?: boolean }>, finishReason?: string) {
  return { content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) };
}

export const google: ApiAdapter = {
  api: 'google',
  path: PATH,

  parse(body, path) {
    const match = PATH.exec(path);
    // Gemini calls the assistant `model`; system text is a top-level `systemInstruction`.
    const messages: FlatMessage[] = asArray(body.contents).map((item) => {
      const content = asRecord(item);
      return {
        role: content.role === 'model' ? 'assistant' : String(content.role ?? 'user'),
        content: flattenContent(content.parts),
      };
    });
    if (body.systemInstruction !== undefined)
      messages.unshift({ role: 'system', content: flattenContent(asRecord(body.systemInstruction).parts) });
    return {
      ...parsedRequest(body, messages),
      model: decodeURIComponent(match?.[1] ?? ''),
      stream: match?.[2] === 'streamGenerateContent',
    };
  },

  json(ctx) {
    const parts = [...(ctx.reasoning ? [{ text: ctx.reasoning, thought: true }] : []), { text: ctx.text }];
    return {
      candidates: [candidate(parts, 'STOP')],
      usageMetadata: usageMetadata(ctx),
      modelVersion: ctx.request.model,
      responseId: ctx.id,
    };
  },

  events(ctx) {
    const events: SseEvent[] = [];
    for (const piece of ctx.reasoningChunks)
      events.push({
        data: { candidates: [candidate([{ text: piece, thought: true }])], responseId: ctx.id },
        delta: true,
      });
    for (const piece of ctx.textChunks)
      events.push({ data: { candidates: [candidate([{ text: piece }])], responseId: ctx.id }, delta: true });
    // As in the real API, the last chunk carries the finish reason and the usage.
    events.push({
      data: { candidates: [candidate([], 'STOP')], usageMetadata: usageMetadata(ctx), responseId: ctx.id },
    });
    return events;
  },

  errorBody(status, message) {
    return { error: { code: status, message, status: googleStatus(status) } };
  },
};

function googleStatus(status: number): string {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return 'INTERNAL';
  }
}
