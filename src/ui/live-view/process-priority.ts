import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * How far the view steps back from the CLI's own nice value (0 normal, 19 lowest): a process 10 below gets about a
 * tenth of a core the run also wants, yet still draws its frames on a machine that other work keeps busy.
 */
export const VIEW_NICENESS = 10;

/**
 * Lowers every thread of the view's process (`pid`) 10 below the CLI, from the view's start: on a CPU-bound run it
 * then takes only the time the run leaves, and at start-up it still has the core the CLI's own start-up does not
 * use (measured against lowering it only once the run starts: `bench:ui`, issue 14). On Linux the nice value is
 * per thread; V8's compiler and GC helpers (half of what the view costs) and libuv's threads inherit theirs from the
 * thread that starts them. Without /proc (not Linux) the view competes with the run on equal terms.
 */
export function lowerViewPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // From the CLI's value (/proc/self links to the calling process's id), so lowering twice is lowering once.
    const lowered = Math.min(19, getPriority(Number(readlinkSync('/proc/self'))) + VIEW_NICENESS);
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      try {
        setPriority(Number(thread), lowered);
      } catch {
        // That thread has just ended.
      }
    }
  } catch {
    // The process is gone, there is no /proc, or the system refuses: nothing to lower.
  }
}
