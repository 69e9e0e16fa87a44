// Provider-side prompt caching, simulated so tests and benches can see what a real provider would read from its cache.
import { asArray, asRecord, flattenContent } from './common.ts';
import type { ScriptedApi } from './types.ts';

export interface CacheCounts {
  read: number;
  write: number;
}

/** Token counts follow `estimateTokens` (4 characters a token). OpenAI caches prompts of at least 1024 tokens, in 128-token steps. */
const AUTO_MINIMUM = 1024;
const AUTO_STEP = 128;

/**
 * Remembers earlier requests on one server. Anthropic reads only prefixes ending at a `cache_control` breakpoint that
 * an earlier request wrote; OpenAI-style APIs read the longest serialized prefix shared with any earlier request.
 */
export function createPromptCache() {
  const written = new Set<string>();
  const earlier: string[] = [];

  function anthropic(body: Record<string, unknown>): CacheCounts {
    const blocks: Array<{ role: string; block: unknown }> = [];
    const system = body.system;
    for (const block of typeof system === 'string' ? [{ type: 'text', text: system }] : asArray(system)) {
      blocks.push({ role: 'system', block });
    }
    for (const message of asArray(body.messages).map(asRecord)) {
      const content = message.content;
      const parts = typeof content === 'string' ? [{ type: 'text', text: content }] : asArray(content);
      for (const block of parts) blocks.push({ role: String(message.role), block });
    }
    // The cache is keyed by content alone (a mark moving to a newer message does not change the prefix before it), and
    // a read may end at any block boundary up to the last breakpoint, as Anthropic looks back for earlier hits.
    const plain = blocks.map(({ role, block }) => ({ role, block: { ...asRecord(block), cache_control: undefined } }));
    const lastMark = blocks.findLastIndex(({ block }) => asRecord(block).cache_control !== undefined);
    let chars = 0;
    let read = 0;
    let last = 0;
    const breakpoints: string[] = [];
    for (let index = 0; index <= lastMark; index++) {
      chars += flattenContent([blocks[index]?.block]).length;
      const key = JSON.stringify(plain.slice(0, index + 1));
      if (written.has(key)) read = Math.ceil(chars / 4);
      if (asRecord(blocks[index]?.block).cache_control === undefined) continue;
      breakpoints.push(key);
      last = Math.ceil(chars / 4);
    }
    for (const key of breakpoints) written.add(key);
    return { read, write: Math.max(0, last - read) };
  }

  function automatic(serialized: string): CacheCounts {
    let shared = 0;
    for (const previous of earlier) shared = Math.max(shared, commonPrefixLength(previous, serialized));
    earlier.push(serialized);
    const tokens = Math.floor(shared / 4);
    return { read: tokens < AUTO_MINIMUM ? 0 : tokens - (tokens % AUTO_STEP), write: 0 };
  }

  return {
    measure(api: ScriptedApi, body: Record<string, unknown>): CacheCounts {
      switch (api) {
        case 'anthropic':
          return anthropic(body);
        case 'chat':
          return automatic(JSON.stringify(body.messages ?? []));
        case 'responses':
          return automatic(JSON.stringify(body.instructions ?? '') + JSON.stringify(body.input ?? []));
        default:
          return { read: 0, write: 0 };
      }
    },
  };
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}
