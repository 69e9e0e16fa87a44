import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from '@ai-sdk/provider';
import { RlmError } from '../errors.ts';
import type { ContextDocument } from '../sandbox/types.ts';
import type { ChatMessage, RlmContext, RlmInput } from '../types.ts';

/** What `providerOptions.rlm` may hold for one call; each limit overrides the provider's settings. */
export interface RlmCallOptions {
  /** The context the root explores (a string or documents); without it, the prompt's messages are the context. */
  context?: string | ContextDocument[];
  subModel?: string;
  maxIterations?: number;
  maxDepth?: number;
  maxCostUsd?: number;
  maxTokens?: number;
  maxSubcalls?: number;
  timeoutMs?: number;
}

const LIMITS = ['maxIterations', 'maxDepth', 'maxCostUsd', 'maxTokens', 'maxSubcalls', 'timeoutMs'] as const;

/** Reads and checks `providerOptions.rlm`; a wrong shape is an `invalid_input` naming the option. */
export function readCallOptions(options: LanguageModelV4CallOptions): RlmCallOptions {
  const raw = options.providerOptions?.rlm;
  if (raw === undefined) return {};
  const result: RlmCallOptions = {};
  const { context, subModel } = raw;
  if (context !== undefined) {
    const documents =
      Array.isArray(context) &&
      context.every(
        (doc) =>
          typeof doc === 'object' &&
          doc !== null &&
          !Array.isArray(doc) &&
          typeof doc.path === 'string' &&
          typeof doc.content === 'string',
      );
    if (typeof context !== 'string' && !documents)
      throw new RlmError(
        'invalid_input',
        'providerOptions.rlm.context must be a string or an array of { path, content }',
      );
    result.context = context as string | ContextDocument[];
  }
  if (subModel !== undefined) {
    if (typeof subModel !== 'string' || subModel === '')
      throw new RlmError('invalid_input', 'providerOptions.rlm.subModel must be a model id');
    result.subModel = subModel;
  }
  for (const name of LIMITS) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value !== 'number') throw new RlmError('invalid_input', `providerOptions.rlm.${name} must be a number`);
    result[name] = value;
  }
  return result;
}

/** The text of a prompt message (files, tool calls and the like are not text the RLM can use). */
function messageText(message: LanguageModelV4Prompt[number]): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * The question and context of one call. With a context in `providerOptions.rlm`, the prompt is the conversation
 * (its last user message the question). Without one, as the official `completion(messages)` does, the messages are
 * the context (one document each) and the last user message is the question.
 */
export function runInput(
  prompt: LanguageModelV4Prompt,
  context: RlmContext | undefined,
): { input: RlmInput; context: RlmContext } {
  const messages: ChatMessage[] = prompt
    .filter((message) => message.role !== 'tool')
    .map((message) => ({ role: message.role as ChatMessage['role'], content: messageText(message) }));
  const question = messages.findLast((message) => message.role === 'user')?.content.trim();
  if (!question) throw new RlmError('invalid_input', 'The prompt has no user message to answer');
  if (context !== undefined) return { input: messages, context };
  const width = String(messages.length).length;
  return {
    input: question,
    context: messages.map((message, index) => ({
      path: `messages/${String(index + 1).padStart(width, '0')}-${message.role}`,
      content: message.content,
    })),
  };
}
