// What the engine's tests over HTTP share: an RLM whose models the scripted server answers, with retries quick
// enough to cost a test nothing, and scripts that tell the root's requests from its sub-calls.
import { createProviderResolver, createRlm, type RlmConfig } from '../../src/engine/index.ts';
import { sequence, type ScriptedReply, type ScriptedRequest } from './openai-test-server.ts';

export const FAST_RETRY = { initialDelayMs: 10, maxDelayMs: 50 };

/** The root's requests carry the REPL instructions; a plain sub-call's do not. */
export const isRootCall = (request: ScriptedRequest) => request.system?.includes('REPL') === true;

/** An RLM on `local-model`, served as OpenAI-compatible at `baseURL`. */
export function rlmAt(baseURL: string, config: Partial<RlmConfig> = {}) {
  return createRlm({
    model: 'local-model',
    resolveModel: createProviderResolver({ baseUrl: baseURL }),
    retry: FAST_RETRY,
    ...config,
  });
}

/** An RLM on Claude Sonnet 4.5, its Anthropic Messages API served at `baseURL`. */
export function anthropicRlmAt(baseURL: string) {
  return createRlm({
    model: 'anthropic:claude-sonnet-4-5',
    resolveModel: createProviderResolver({ providers: { anthropic: { apiKey: 'test-key', baseUrl: baseURL } } }),
    retry: FAST_RETRY,
  });
}

/**
 * An RLM on `openai:gpt-5-mini` (the OpenAI provider, Responses API) with no base URL of its own, as users have it:
 * its requests to api.openai.com are sent to `baseURL` instead.
 */
export function openaiRlmAt(baseURL: string) {
  const rewrite: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(url.replace('https://api.openai.com/v1', baseURL), init);
  };
  return createRlm({
    model: 'openai:gpt-5-mini',
    resolveModel: createProviderResolver({ providers: { openai: { apiKey: 'test-key' } }, fetch: rewrite }),
    retry: FAST_RETRY,
  });
}

/** Root replies in order (by root call), sub-calls answered by `sub`. */
export function rootAndSubs(rootReplies: ScriptedReply[], sub: (request: ScriptedRequest) => ScriptedReply) {
  const roots = sequence(rootReplies);
  return (request: ScriptedRequest) => (isRootCall(request) ? roots(request) : sub(request));
}
