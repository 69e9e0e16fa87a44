import { Sandbox } from '../sandbox/index.ts';
import type { ReplSession, ReplSessionOptions } from './repl-session.ts';

export { JAVASCRIPT } from './languages.ts';

/** The default REPL: an isolated-vm isolate in this process. */
export function createIsolateSession(options: ReplSessionOptions): Promise<ReplSession> {
  return Sandbox.create(options);
}
