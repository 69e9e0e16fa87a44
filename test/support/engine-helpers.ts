import type { LanguageModel } from 'ai';
import type { ModelResolver, RlmEvent, RlmEventOf, RlmEventType, Usage } from '../../src/engine/index.ts';
import { WAIT_FOR_MS } from './time-limits.ts';

/** The events of one type, narrowed. */
export function eventsOf<T extends RlmEventType>(events: readonly RlmEvent[], type: T): Array<RlmEventOf<T>> {
  return events.filter((event): event is RlmEventOf<T> => event.type === type);
}

/** The one event of a type; fails when there is none or several. */
export function onlyEvent<T extends RlmEventType>(events: readonly RlmEvent[], type: T): RlmEventOf<T> {
  const found = eventsOf(events, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type} event, got ${found.length}`);
  return found[0] as RlmEventOf<T>;
}

/** A resolver over a fixed set of models that fails loudly on any other id. */
export function resolverOf(models: Record<string, LanguageModel>): ModelResolver & { resolved: string[] } {
  const resolved: string[] = [];
  const resolve = (id: string): LanguageModel => {
    resolved.push(id);
    const model = models[id];
    if (!model) throw new Error(`test resolver: unknown model id "${id}"`);
    return model;
  };
  return Object.assign(resolve, { resolved });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `condition` until it holds or `timeoutMs` passes (then throws with `what`). The default is a safety net
 * far above any wait on a loaded machine, not a timing goal: those live in bench/.
 */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = WAIT_FOR_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Everything one scripted call received, as role/content pairs (system instructions first). */
export type Prompt = Array<{ role: string; content: string }>;

/** The last user message of a prompt. */
export function lastUser(prompt: Prompt): string {
  const found = prompt.findLast((message) => message.role === 'user');
  if (!found) throw new Error('the prompt has no user message');
  return found.content;
}

/** A fake clock for `now`: each read advances one millisecond. */
export function tickingClock(start = 1_700_000_000_000): () => number {
  let time = start;
  return () => time++;
}

/** Independent of the engine's own arithmetic, so totals are checked against a separate sum. */
export function sumUsage(usages: Usage[]): Usage {
  return usages.reduce(
    (sum, usage) => ({
      inputTokens: sum.inputTokens + usage.inputTokens,
      outputTokens: sum.outputTokens + usage.outputTokens,
      cachedInputTokens: sum.cachedInputTokens + usage.cachedInputTokens,
      reasoningTokens: sum.reasoningTokens + usage.reasoningTokens,
    }),
    { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
  );
}
