import type { FlatMessage, ResolvedUsage, ScriptedReply } from './types.ts';

/** Deterministic stand-in for a tokenizer: tests can predict it without a real one. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function resolveUsage(reply: ScriptedReply, messages: FlatMessage[]): ResolvedUsage {
  const given = reply.usage ?? {};
  const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
  const text = reply.text ?? '';
  let reasoningTokens = given.reasoningTokens ?? estimateTokens(reply.reasoning ?? '');
  // An explicit output total must stay >= its reasoning part, or the SDKs report negative text tokens.
  if (given.reasoningTokens === undefined && given.outputTokens !== undefined) {
    reasoningTokens = Math.min(reasoningTokens, given.outputTokens);
  }
  return {
    inputTokens: given.inputTokens ?? Math.ceil(promptChars / 4),
    outputTokens: given.outputTokens ?? estimateTokens(text) + reasoningTokens,
    cachedInputTokens: given.cachedInputTokens ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens,
  };
}

/** Word-sized chunks (each keeps its trailing whitespace), like a model streaming tokens. */
export function splitIntoChunks(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/).filter((chunk) => chunk.length > 0);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Text of a message's content in any of the three APIs: a string, or an array of parts whose
 * `text` (or nested `content`, as in Anthropic tool results) is concatenated. Non-text parts vanish.
 */
export function flattenContent(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => {
      if (typeof part === 'string') return part;
      const record = asRecord(part);
      if (typeof record.text === 'string') return record.text;
      return record.content === undefined ? '' : flattenContent(record.content);
    })
    .join('');
}

/** Joined text of the system-like messages, or undefined when there are none. */
export function systemText(messages: FlatMessage[]): string | undefined {
  const parts = messages.filter((m) => m.role === 'system' || m.role === 'developer');
  return parts.length > 0 ? parts.map((m) => m.content).join('\n') : undefined;
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (so delays never outlive a client). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** The parts of a request every API shares once its messages are flattened. */
export function parsedRequest(body: Record<string, unknown>, messages: FlatMessage[]) {
  return { model: String(body.model ?? ''), stream: body.stream === true, messages, system: systemText(messages) };
}

/** `messages` arrays whose items carry `role` and `content` (Chat Completions, Anthropic). */
export function roleMessages(raw: unknown): FlatMessage[] {
  return asArray(raw).map((item) => {
    const message = asRecord(item);
    return { role: String(message.role ?? ''), content: flattenContent(message.content) };
  });
}
