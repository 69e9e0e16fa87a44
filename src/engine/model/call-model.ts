import { generateText, streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import type { ChatMessage, Usage } from '../types.ts';

export interface ModelRequest {
  model: LanguageModel;
  instructions: string | null;
  messages: ChatMessage[];
  signal: AbortSignal;
  stream: boolean;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  /** Streamed text as it arrives (root calls feed the live UI with it). */
  onDelta?: ((text: string) => void) | undefined;
}

export interface ModelResponse {
  text: string;
  reasoning: string | null;
  finishReason: string | null;
  usage: Usage;
}

/** One attempt at one model call through the AI SDK; retries and limits are the scheduler's job. */
export async function callModel(request: ModelRequest): Promise<ModelResponse> {
  const common = {
    model: request.model,
    ...(request.instructions ? { instructions: request.instructions } : {}),
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })) as Array<{
      role: 'user' | 'assistant';
      content: string;
    }>,
    abortSignal: request.signal,
    maxRetries: 0,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
  };
  if (!request.stream) {
    const result = await generateText(common);
    return {
      text: result.text,
      reasoning: result.reasoningText ?? null,
      finishReason: result.finishReason ?? null,
      usage: toUsage(result.usage),
    };
  }

  const result = streamText({ ...common, onError: () => undefined });
  let text = '';
  let reasoning = '';
  let usage: LanguageModelUsage | undefined;
  let finishReason: string | null = null;
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'text-delta':
        text += part.text;
        request.onDelta?.(part.text);
        break;
      case 'reasoning-delta':
        reasoning += part.text;
        break;
      case 'finish':
        usage = part.totalUsage;
        finishReason = part.finishReason;
        break;
      case 'error':
        throw part.error;
      case 'abort':
        throw request.signal.reason ?? new Error('The model call was aborted');
      default:
        break;
    }
  }
  return { text, reasoning: reasoning || null, finishReason, usage: toUsage(usage) };
}

export function toUsage(usage: LanguageModelUsage | undefined): Usage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.inputTokenDetails?.cacheReadTokens ?? 0,
    reasoningTokens: usage?.outputTokenDetails?.reasoningTokens ?? 0,
  };
}
