import type { ReplSessionFactory } from '../repl-session.ts';
import { ProcessSession } from './process-session.ts';
import { SandboxProcess } from './sandbox-process.ts';

export interface ProcessSessionOptions {
  /**
   * RSS the sandbox process may reach, in MiB, all isolates of the run together. Default: 1.5 × the largest memory
   * limit of its open sessions + 256 MiB (Node itself, IPC buffers, the host-set copies of contexts).
   */
  memoryCapMb?: number;
  /** Kill the process when it has not answered a heartbeat for this long. Default 30 s. */
  unresponsiveAfterMs?: number;
  /**
   * How long past a cell's wall limit the host waits for the sandbox process's own limit to stop the cell before it
   * kills the process. Default 10 s.
   */
  wallGraceMs?: number;
}

/**
 * Sessions whose isolates live in one sandbox process, started with the first session and stopped with the last:
 * a crash, a runaway native loop or a memory blow-up there costs the run its variables, never the host.
 */
export function createProcessSessionFactory(options: ProcessSessionOptions = {}): ReplSessionFactory {
  let shared: SandboxProcess | undefined;
  const limits = new Set<ProcessSession>();
  const capMb = () =>
    options.memoryCapMb ?? Math.ceil(1.5 * Math.max(0, ...[...limits].map((s) => s.limits.memoryLimitMb)) + 256);
  return async (sessionOptions) => {
    shared ??= new SandboxProcess({
      memoryCapMb: capMb,
      ...(options.unresponsiveAfterMs === undefined ? {} : { unresponsiveAfterMs: options.unresponsiveAfterMs }),
    });
    const owner = shared;
    const session: ProcessSession = new ProcessSession(
      owner,
      sessionOptions,
      () => {
        limits.delete(session);
        if (limits.size === 0 && shared === owner) {
          owner.dispose();
          shared = undefined;
        }
      },
      options.wallGraceMs,
    );
    limits.add(session);
    // Started now but not awaited: the process boots while the root model writes its first reply. A failure to
    // start surfaces at the first cell.
    session.open().catch(() => undefined);
    return session;
  };
}

export { ProcessSession } from './process-session.ts';
