import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The worker thread's name (at most 15 characters: Linux truncates thread names there). */
export const LIVE_VIEW_THREAD = 'rlm-live-view';

/**
 * How far the view steps back once its run starts, from the process's own nice value (0 normal, 19 lowest): a thread
 * 10 below the run gets about a tenth of a core the run's thread also wants, yet still draws its frames on a machine
 * that other work keeps busy.
 */
export const VIEW_NICENESS = 10;

/**
 * The calling thread's Linux thread id (`/proc/thread-self` links to `<pid>/task/<tid>`); null elsewhere (no /proc),
 * where the view competes with the run on equal terms, as it did on the run's own thread.
 */
export function liveViewThreadId(): number | null {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').at(-1)) || null;
  } catch {
    return null;
  }
}

/**
 * Lowers the view thread's CPU priority: on Linux the nice value is per thread, and `setpriority` given a thread id
 * changes only that thread. Until its run starts the thread keeps its normal priority, so its start-up is done on
 * the core the CLI's own start-up leaves free; from then on the run comes first.
 */
export function yieldToTheRun(threadId: number | null): void {
  if (threadId === null) return;
  try {
    // From the process's (its main thread's) value, not the thread's own: lowering twice (the CLI and the thread may
    // both) is lowering once. /proc/self links to the process id.
    const base = getPriority(Number(readlinkSync('/proc/self')));
    setPriority(threadId, Math.min(19, base + VIEW_NICENESS));
  } catch {
    // The thread is gone, or the system refuses: nothing to lower.
  }
}
