import type { SandboxContext } from '../sandbox/index.ts';
import { formatCount } from '../format-count.ts';

/** Bytes (UTF-8) that may cross from the sandbox to the host per sub-call prompt and per batch. */
export interface SubcallBounds {
  promptBytes: number;
  batchBytes: number;
}

/** A batch carries at most this much by default, whatever the window: it is held on the host all at once. */
export const DEFAULT_BATCH_BYTES = 64 * 2 ** 20;

/** UTF-8 bytes per token of a window: text averages about 4, so a prompt of more bytes cannot fit the window. */
export const BYTES_PER_WINDOW_TOKEN = 4;

/**
 * The bounds for a sub-model with a window of `contextWindow` tokens (from the model registry). A larger prompt could
 * only fail at the provider, after being copied, logged and sent.
 */
export function subcallBoundsFor(contextWindow: number, overrides: Partial<SubcallBounds> = {}): SubcallBounds {
  const promptBytes = overrides.promptBytes ?? contextWindow * BYTES_PER_WINDOW_TOKEN;
  return { promptBytes, batchBytes: overrides.batchBytes ?? Math.max(DEFAULT_BATCH_BYTES, promptBytes) };
}

/**
 * The host's own check of what a sandbox sent: only strings cross as prompts (never AI SDK content parts such as a
 * `{ type: 'file', data: url }` the provider would fetch), within the bounds. The isolate checks the same first,
 * before copying; this is the second wall for code that reaches the raw host functions.
 */
export function hostPrompt(name: string, value: unknown, bounds: SubcallBounds): string {
  if (typeof value !== 'string') throw new TypeError(`${name}: the prompt must be a string`);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > bounds.promptBytes)
    throw new RangeError(
      `${name}: the prompt is ${formatCount(bytes)} bytes, over the limit of ${formatCount(bounds.promptBytes)} bytes per sub-call prompt`,
    );
  return value;
}

export function hostPromptList(name: string, value: unknown, bounds: SubcallBounds): string[] {
  if (!Array.isArray(value)) throw new TypeError(`${name}: the prompts must be an array of strings`);
  let total = 0;
  return value.map((item, index) => {
    const prompt = hostPrompt(`${name} (item ${index})`, item, bounds);
    total += Buffer.byteLength(prompt, 'utf8');
    if (total > bounds.batchBytes)
      throw new RangeError(`${name}: the batch is over the limit of ${formatCount(bounds.batchBytes)} bytes per batch`);
    return prompt;
  });
}

/** A context for a child RLM: a string or documents of strings, rebuilt so nothing else crosses. */
export function hostContext(name: string, value: unknown): SandboxContext | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const invalid = new TypeError(`${name}: opts.context must be a string or an array of { path, content }`);
  if (!Array.isArray(value)) throw invalid;
  return value.map((item: unknown) => {
    const doc = item as { path?: unknown; content?: unknown } | null;
    if (typeof doc?.path !== 'string' || typeof doc.content !== 'string') throw invalid;
    return { path: doc.path, content: doc.content };
  });
}

/** Per-prompt contexts of `rlm_query_batched`: one (or null) per prompt. */
export function hostContextList(
  name: string,
  value: unknown,
  count: number,
): Array<SandboxContext | undefined> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length !== count)
    throw new TypeError(`${name}: opts.contexts must be an array with one context per prompt (${count})`);
  return value.map((item: unknown, index) => hostContext(`${name} (context ${index})`, item));
}
