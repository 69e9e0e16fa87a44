import type { ResolvedSettings } from '../run/run-context.ts';
import type { ReplSession } from '../repl/repl-session.ts';
import type { NodeSpec, ReplHost } from './node-spec.ts';
import { RLM_RESERVED, rlmSandboxApiSource } from './sandbox-api.ts';

/** The REPL an RLM runs its cells in: the session's (bound to this RLM until it ends) or a fresh one of its own. */
export async function openRepl(
  settings: ResolvedSettings,
  spec: NodeSpec,
  host: ReplHost,
): Promise<{ session: ReplSession; release: () => Promise<void> }> {
  if (spec.repl) {
    const { session, unbind } = await spec.repl.open(host);
    return { session, release: async () => unbind() };
  }
  const [first, ...more] = spec.contexts;
  const session = await settings.createReplSession({
    ...settings.sandbox,
    ...(first === undefined ? {} : { context: first.context }),
    hostFunctions: host.functions,
    hostCallbacks: host.callbacks,
    hostReads: host.reads,
    extension: rlmSandboxApiSource(settings.subcallBounds),
    reserved: RLM_RESERVED,
  });
  try {
    for (const extra of more) await session.loadContext(extra.name, extra.context);
  } catch (error) {
    await session.dispose();
    throw error;
  }
  return { session, release: async () => session.dispose() };
}
