import type { ChatMessage } from '../types.ts';

/** Framing a provider adds per message (role markers, separators). */
const MESSAGE_OVERHEAD_TOKENS = 4;

/**
 * Tokens of text, erring high: UTF-8 bytes / 3. English prose runs ~4 chars per token and code or JSON ~3, so ASCII
 * text is overestimated by up to a third; CJK is ~1 token per character, which is 3 bytes. It only ever sizes what
 * was added since the provider last reported its exact input count, so the error never accumulates across turns.
 * A real tokenizer would cost ~0.4 s to load and still be the wrong one for most providers.
 */
export function estimateTokens(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return Math.ceil(bytes / 3);
}

export function estimateMessages(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

/**
 * The size of the next root request: the provider's reported input tokens for the last request, plus an estimate
 * of the messages appended since. Without a report (first call, or after compaction) everything is estimated.
 */
export class RequestSizer {
  readonly #instructionsTokens: number;
  #report: { messages: readonly ChatMessage[]; count: number; tokens: number } | null = null;

  constructor(instructions: string | null) {
    this.#instructionsTokens = instructions ? estimateTokens(instructions) : 0;
  }

  /** After a call: the provider's count for the request made of the first `count` messages of `messages`. */
  reported(messages: readonly ChatMessage[], count: number, inputTokens: number): void {
    this.#report = inputTokens > 0 ? { messages, count, tokens: inputTokens } : null;
  }

  /** The conversation was rewritten: earlier reports no longer describe a prefix of it. */
  reset(): void {
    this.#report = null;
  }

  estimate(messages: readonly ChatMessage[]): number {
    const report = this.#report;
    if (report && report.messages === messages && report.count <= messages.length)
      return report.tokens + estimateMessages(messages.slice(report.count));
    return this.#instructionsTokens + estimateMessages(messages);
  }

  estimateFresh(messages: readonly ChatMessage[]): number {
    return this.#instructionsTokens + estimateMessages(messages);
  }
}
