import {
  experimental_streamLanguageModelCall as streamLanguageModelCall,
  generateText,
  type LanguageModel,
  type LanguageModelUsage,
} from 'ai';
import type { ChatMessage, Usage } from '../types.ts';
import { CallTimeoutError } from './retry.ts';

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
  /** Streams only: fail the attempt when the provider has sent nothing (no headers and first event) this long. */
  firstByteTimeoutMs?: number | undefined;
  /** Mark the stable prefix (instructions, history so far) as cacheable where the provider needs explicit marks. */
  cachePrefix?: boolean | undefined;
}

export interface ModelResponse {
  text: string;
  reasoning: string | null;
  finishReason: string | null;
  usage: Usage;
}

/**
 * One attempt at one model call through the AI SDK. Retries and the whole-call timeout are the scheduler's job; the
 * first-byte timeout is kept here because only the stream shows when the first byte came.
 */
export async function callModel(request: ModelRequest): Promise<ModelResponse> {
  const marks = request.cachePrefix === true && needsCacheMarks(request.model) ? ANTHROPIC_BREAKPOINT : undefined;
  const lastIndex = request.messages.length - 1;
  const common = {
    model: request.model,
    ...(request.instructions
      ? {
          instructions: {
            role: 'system' as const,
            content: request.instructions,
            ...(marks ? { providerOptions: marks } : {}),
          },
        }
      : {}),
    messages: request.messages.map((message, index) => ({
      role: message.role,
      content: message.content,
      ...(marks && index === lastIndex ? { providerOptions: marks } : {}),
    })) as Array<{ role: 'user' | 'assistant'; content: string }>,
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

  // A silent server is caught long before the whole-call timeout: nothing at all arrives, not even the first event.
  const firstByte = new AbortController();
  const firstByteMs = request.firstByteTimeoutMs;
  const timer =
    firstByteMs === undefined
      ? undefined
      : setTimeout(() => firstByte.abort(new CallTimeoutError('first_byte', firstByteMs)), firstByteMs);
  const signal = AbortSignal.any([request.signal, firstByte.signal]);
  try {
    return await readStream({ ...common, abortSignal: signal }, request, () => clearTimeout(timer));
  } catch (error) {
    if (firstByte.signal.aborted && !request.signal.aborted) throw firstByte.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One streamed call through the AI SDK's single-call primitive: the provider's own stream with its usage normalised,
 * without streamText's step, tool and output machinery, which costs a root turn about a millisecond against a server
 * that answers at once (issue 14; `bench/cli.bench.ts`).
 */
async function readStream(
  options: Parameters<typeof streamLanguageModelCall>[0] & { abortSignal: AbortSignal },
  request: ModelRequest,
  onFirstByte: () => void,
): Promise<ModelResponse> {
  let text = '';
  let reasoning = '';
  let usage: LanguageModelUsage | undefined;
  let finishReason: string | null = null;
  try {
    const { stream } = await streamLanguageModelCall(options);
    for await (const part of stream) {
      // `model-call-start` is the SDK's own; every later part follows something the provider sent.
      if (part.type !== 'model-call-start') onFirstByte();
      switch (part.type) {
        case 'text-delta':
          text += part.text;
          request.onDelta?.(part.text);
          break;
        case 'reasoning-delta':
          reasoning += part.text;
          break;
        case 'model-call-end':
          usage = part.usage;
          finishReason = part.finishReason;
          break;
        case 'error':
          throw part.error;
        default:
          break;
      }
    }
  } catch (error) {
    // An abort surfaces as the fetch's AbortError: report the reason the caller gave instead.
    if (options.abortSignal.aborted) throw options.abortSignal.reason ?? error;
    throw error;
  }
  return { text, reasoning: reasoning || null, finishReason, usage: toUsage(usage) };
}

/**
 * Anthropic caches only up to explicit breakpoints (at most 4 per request): one after the instructions, one after the
 * newest message, so the next turn reads everything before its own new messages from the cache. OpenAI and compatible
 * servers cache byte-identical prefixes by themselves and need no marks.
 */
const ANTHROPIC_BREAKPOINT = { anthropic: { cacheControl: { type: 'ephemeral' as const } } };

function needsCacheMarks(model: LanguageModel): boolean {
  return typeof model === 'object' && model.provider.startsWith('anthropic');
}

export function toUsage(usage: LanguageModelUsage | undefined): Usage {
  const cacheWriteTokens = usage?.inputTokenDetails?.cacheWriteTokens ?? 0;
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.inputTokenDetails?.cacheReadTokens ?? 0,
    reasoningTokens: usage?.outputTokenDetails?.reasoningTokens ?? 0,
    ...(cacheWriteTokens > 0 ? { cacheWriteTokens } : {}),
  };
}
