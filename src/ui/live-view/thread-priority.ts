import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The worker thread's name (at most 15 characters: Linux truncates thread names there). */
export const LIVE_VIEW_THREAD = 'rlm-live-view';

/**
 * How far the view steps back (0 normal, 19 lowest): a thread at 10 gets about a tenth of a core that the run's
 * thread also wants, yet still draws its last frame promptly on a machine that other work keeps busy.
 */
const NICENESS = 10;

/**
 * Lowers the calling worker thread's CPU priority. On Linux the nice value is per thread, and `setpriority` given a
 * thread id changes only that thread; the id is found by the name the thread was started with. Elsewhere (no
 * /proc) this does nothing: the view then competes with the run on equal terms, as it did on the run's own thread.
 */
export function yieldToTheRun(): void {
  try {
    const tasks = readdirSync('/proc/self/task');
    const own = tasks.filter((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === LIVE_VIEW_THREAD);
    if (own.length === 1) setPriority(Number(own[0]), NICENESS);
  } catch {
    // Not Linux, or /proc hidden: nothing to lower.
  }
}
