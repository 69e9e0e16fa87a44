// Oracle models for `rlm bench --oracle`, served by the scripted server: `oracle-root` (an RLM root policy),
// `oracle-sub` (its sub-model) and `oracle-base` (a plain long-context model). They prove the harness end to end
// and say nothing about real models.
import type { Script, ScriptedRequest } from '../../scripted-server/index.ts';
import type { BenchTask } from '../suites/types.ts';
import { createBaseModel } from './base-model.ts';
import { createRootPolicy } from './root-policy.ts';
import { createSubModel } from './sub-model.ts';

export { ORACLE_BASE_WINDOW } from './base-model.ts';

export const ORACLE_MODELS = { root: 'oracle-root', sub: 'oracle-sub', base: 'oracle-base' } as const;

/** A request from an RLM loop (REPL system prompt, `Question:` first) rather than a plain sub-call. */
function isRlmRootRequest(request: ScriptedRequest): boolean {
  return (
    (request.system ?? '').includes('JavaScript REPL') &&
    request.messages.some((message) => message.role === 'user' && message.content.startsWith('Question: '))
  );
}

export function oracleScript(tasks: BenchTask[]): Script {
  const root = createRootPolicy(tasks);
  const sub = createSubModel(tasks);
  const base = createBaseModel(tasks);
  return (request) => {
    switch (request.model) {
      case ORACLE_MODELS.root:
        return { text: root(request) };
      case ORACLE_MODELS.sub:
        // A child RLM (rlm_query below the depth limit) runs on the sub-model: then it is a root policy too.
        if (isRlmRootRequest(request)) return { text: root(request) };
        return {
          text: sub(
            request.messages
              .filter((message) => message.role === 'user')
              .map((message) => message.content)
              .join('\n\n'),
          ),
        };
      case ORACLE_MODELS.base:
        return { text: base(request) };
      default:
        return {
          status: 404,
          text: `The oracle serves ${Object.values(ORACLE_MODELS).join(', ')}, not "${request.model}"`,
        };
    }
  };
}
