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

/** Root replies in order (by root call), sub-calls answered by `sub`. */
export function rootAndSubs(rootReplies: ScriptedReply[], sub: (request: ScriptedRequest) => ScriptedReply) {
  const roots = sequence(rootReplies);
  return (request: ScriptedRequest) => (isRootCall(request) ? roots(request) : sub(request));
}
