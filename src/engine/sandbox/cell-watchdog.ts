import type ivm from 'isolated-vm';
import type { IsolateCellOutcome } from './isolate/prelude.ts';
import { seconds, type Limits } from './limits.ts';
import type { CellError, CellErrorKind } from './types.ts';

// The watchdog of a running cell: CPU and wall limits checked from outside the isolate (so code after an `await` is
// covered), the run's abort, and a deadlock detector for a cell awaiting something that can never settle.

const WATCHDOG_INTERVAL_MS = 20;
const PROBE_TIMEOUT_MS = 1_000;

/** How a cell ended: its own outcome, a throw, or stopped from outside (`reset`: the isolate had to go). */
export type Verdict =
  | { type: 'outcome'; outcome: IsolateCellOutcome }
  | { type: 'thrown'; error: unknown }
  | { type: 'killed'; error: CellError; reset: boolean };

/** What the watchdog reads of a running cell: pending host calls, pending sleeps, when it last used CPU. */
export interface WatchedCell {
  inFlight: number;
  sleeps: Set<(fired: boolean) => void>;
  lastActivity: number;
}

/** The sandbox as the watchdog sees it: the isolate may be replaced between cells, so both are read when needed. */
export interface WatchdogHost {
  isolate(): ivm.Isolate;
  context(): ivm.Context;
  /** False once the watched cell has ended (or another one runs). */
  isCurrent(cell: WatchedCell): boolean;
  limits: Limits;
}

/** Resolves only when the cell must be stopped from outside: limits, abort, or a deadlock. */
export function watchCell(
  host: WatchdogHost,
  cell: WatchedCell,
  cpuStart: bigint,
  started: number,
  signal: AbortSignal | undefined,
): Promise<Verdict> {
  const limits = host.limits;
  return new Promise((resolve) => {
    let lastCpu = cpuStart;
    let probing = false;
    // Declared before `stop` can run: a signal that is already aborted stops the cell before the interval exists.
    let timer: ReturnType<typeof setInterval> | undefined = undefined;
    const stop = (kind: CellErrorKind, message: string, reset: boolean) => {
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      if (reset && !host.isolate().isDisposed) host.isolate().dispose();
      resolve({ type: 'killed', error: { kind, name: 'Error', message }, reset });
    };
    // The cell may have ended before the next tick removes this listener: an abort then must not kill the isolate
    // (a session's REPL outlives the run that aborts).
    const onAbort = () => {
      if (!host.isCurrent(cell)) {
        clearInterval(timer);
        signal?.removeEventListener('abort', onAbort);
        return;
      }
      stop('aborted', 'The run was cancelled while this cell was running', true);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const tick = () => {
      if (!host.isCurrent(cell)) {
        clearInterval(timer);
        signal?.removeEventListener('abort', onAbort);
        return;
      }
      if (host.isolate().isDisposed) return; // eval is rejecting; the verdict comes from there
      const now = performance.now();
      const cpu = host.isolate().cpuTime;
      if (Number(cpu - cpuStart) / 1e6 > limits.cpuTimeLimitMs) {
        return stop(
          'cpu_limit',
          `The cell used more than ${seconds(limits.cpuTimeLimitMs)} of CPU time and was stopped`,
          true,
        );
      }
      if (now - started > limits.wallTimeLimitMs) {
        return stop('wall_limit', `The cell ran longer than ${seconds(limits.wallTimeLimitMs)} and was stopped`, true);
      }
      if (cpu !== lastCpu) {
        lastCpu = cpu;
        cell.lastActivity = now;
      }
      if (
        !probing &&
        cell.inFlight === 0 &&
        cell.sleeps.size === 0 &&
        now - cell.lastActivity > limits.deadlockAfterMs
      ) {
        probing = true;
        void probe(host.context()).then((responsive) => {
          probing = false;
          if (!host.isCurrent(cell)) return;
          if (responsive) {
            stop(
              'deadlock',
              'The cell is awaiting a Promise that can never settle (no host call or timer is pending); it was abandoned, variables are kept',
              false,
            );
          } else {
            stop('wall_limit', 'The isolate stopped responding (blocked without using CPU) and was stopped', true);
          }
        });
      }
    };
    timer = setInterval(tick, WATCHDOG_INTERVAL_MS);
  });
}

/** True when the isolate answers a trivial eval promptly (so it is idle, not blocked). */
async function probe(context: ivm.Context): Promise<boolean> {
  const answer = context.eval('0', { timeout: PROBE_TIMEOUT_MS }).then(
    () => true,
    () => false,
  );
  const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS * 1.5).unref());
  return Promise.race([answer, late]);
}
