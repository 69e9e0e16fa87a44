import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { flattenPrompt } from '../../src/engine/replay/replay-models.ts';

export interface MockReply {
  text: string;
  reasoning?: string;
  usage?: { input?: number; output?: number; cached?: number; reasoning?: number };
  delayMs?: number;
  error?: Error;
}

export type MockScript = (prompt: {
  text: string;
  messages: Array<{ role: string; content: string }>;
  index: number;
  signal?: AbortSignal;
}) => MockReply | string | Promise<MockReply | string>;

/** A streaming mock model driven by a script (a list of replies, or a function of the prompt). */
export function mockModel(
  script: MockScript | Array<MockReply | string>,
  modelId = 'mock-model',
): MockLanguageModelV4 & { prompts: string[] } {
  let index = 0;
  const prompts: string[] = [];
  const next: MockScript = Array.isArray(script)
    ? ({ index: i }) => script[i] ?? { text: '', error: new Error(`mock script exhausted at call #${i}`) }
    : script;
  /** Runs the script for one call and returns the reply with its provider-level usage. */
  const respond = async (options: LanguageModelV4CallOptions) => {
    const messages = flattenPrompt(options);
    const text = messages.map((message) => message.content).join('\n');
    prompts.push(messages.at(-1)?.content ?? '');
    const raw = await next({
      text,
      messages,
      index: index++,
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    });
    const reply: MockReply = typeof raw === 'string' ? { text: raw } : raw;
    if (reply.delayMs) await delay(reply.delayMs, options.abortSignal);
    if (reply.error) throw reply.error;
    const usage = reply.usage ?? {};
    const input = usage.input ?? Math.ceil(text.length / 4);
    const output = usage.output ?? Math.ceil(reply.text.length / 4);
    return {
      reply,
      finishReason: { unified: 'stop' as const, raw: 'stop' },
      usage: {
        inputTokens: {
          total: input,
          noCache: input - (usage.cached ?? 0),
          cacheRead: usage.cached ?? 0,
          cacheWrite: undefined,
        },
        outputTokens: { total: output, text: output - (usage.reasoning ?? 0), reasoning: usage.reasoning ?? 0 },
      },
    };
  };
  // Root calls stream (the engine shows them live); sub-calls are plain requests: the mock serves both.
  const model = new MockLanguageModelV4({
    modelId,
    doGenerate: async (options) => {
      const { reply, finishReason, usage } = await respond(options);
      const content = [
        ...(reply.reasoning ? [{ type: 'reasoning' as const, text: reply.reasoning }] : []),
        ...(reply.text ? [{ type: 'text' as const, text: reply.text }] : []),
      ];
      return { content, finishReason, usage, warnings: [] };
    },
    doStream: async (options) => {
      const { reply, finishReason, usage } = await respond(options);
      const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
      if (reply.reasoning)
        parts.push(
          { type: 'reasoning-start', id: 'r' },
          { type: 'reasoning-delta', id: 'r', delta: reply.reasoning },
          { type: 'reasoning-end', id: 'r' },
        );
      if (reply.text)
        parts.push(
          { type: 'text-start', id: 't' },
          { type: 'text-delta', id: 't', delta: reply.text },
          { type: 'text-end', id: 't' },
        );
      parts.push({ type: 'finish', finishReason, usage });
      return {
        stream: new ReadableStream({
          start: (controller) => {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  });
  return Object.assign(model, { prompts });
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/** Wraps code as the ```repl block a root model would write. */
export const repl = (code: string, prose = 'Let me look.') => `${prose}\n\n\`\`\`repl\n${code}\n\`\`\``;
