import { describe, expect, it } from 'vitest';
import { createPromptCache } from '../../src/scripted-server/prompt-cache.ts';

const mark = { type: 'ephemeral' };

describe('simulated prompt cache', () => {
  it('reads an Anthropic prefix only up to a breakpoint an earlier request wrote', () => {
    const cache = createPromptCache();
    const system = [{ type: 'text', text: 's'.repeat(400), cache_control: mark }];
    const first = { role: 'user', content: [{ type: 'text', text: 'u'.repeat(800), cache_control: mark }] };
    expect(cache.measure('anthropic', { system, messages: [first] })).toEqual({ read: 0, write: 300 });
    const unmarked = { role: 'user', content: [{ type: 'text', text: 'u'.repeat(800) }] };
    const reply = { role: 'assistant', content: [{ type: 'text', text: 'a'.repeat(400), cache_control: mark }] };
    // The mark moved to the newest message; the earlier prefix still hits, and the new part is written.
    expect(cache.measure('anthropic', { system, messages: [unmarked, reply] })).toEqual({ read: 300, write: 100 });
    // Without any breakpoint nothing is read or written.
    expect(cache.measure('anthropic', { messages: [{ role: 'user', content: 'u'.repeat(800) }] })).toEqual({
      read: 0,
      write: 0,
    });
  });

  it('reads Chat Completions prefixes from 1024 tokens on, in 128-token steps', () => {
    const cache = createPromptCache();
    const long = [{ role: 'user', content: 'x'.repeat(4 * 1100) }];
    expect(cache.measure('chat', { messages: long })).toEqual({ read: 0, write: 0 });
    const next = cache.measure('chat', { messages: [...long, { role: 'assistant', content: 'y' }] });
    expect(next.read).toBe(1024);
    const short = createPromptCache();
    short.measure('chat', { messages: [{ role: 'user', content: 'x'.repeat(4000) }] });
    expect(short.measure('chat', { messages: [{ role: 'user', content: 'x'.repeat(4000) }] }).read).toBe(0);
  });
});
