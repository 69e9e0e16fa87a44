// The messages between the CLI's thread and the live view's worker (see render-run.ts). Only plain data crosses.
import type { RlmEvent } from '../../engine/internal.ts';
import type { ContextInfo } from '../components/header.tsx';

/** What the view mounts with: the run's events so far ride along, so the first frame is complete. */
export interface WorkerInit {
  context: ContextInfo | undefined;
  color: boolean;
  logFile: string | null;
  events: RlmEvent[];
  /** The terminal's size now: the worker may have started before the last resize. */
  columns: number;
  rows: number;
  /** Tests only: throw after this many event batches, as a crashing view would. */
  crashAfterBatches: number | null;
}

export type ToWorker =
  /** First: the worker loads its code as soon as it starts, and mounts the view on this. */
  | { type: 'mount'; init: WorkerInit }
  | { type: 'events'; events: RlmEvent[] }
  /** Raw key bytes read from the terminal on the main thread. */
  | { type: 'keys'; chunk: string }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'finish' }
  | { type: 'quit' };

export type FromWorker =
  /** The thread's Linux id (null elsewhere): sent first, so the CLI can lower its priority when the run starts. */
  | { type: 'thread'; threadId: number | null }
  /**
   * Its code has loaded (and drawn its off-screen first frame). Only from then on may it be terminated: V8 aborts
   * the process when an isolate is terminated while a module with top-level await (yoga's) is still evaluating.
   */
  | { type: 'ready' }
  /** ink turned raw mode on or off: the main thread owns the keyboard and does it for real. */
  | { type: 'raw-mode'; enabled: boolean }
  | { type: 'abort'; key: 'q' | 'Ctrl-C' }
  /** The last frame is drawn and the terminal given back: the main thread may exit now. */
  | { type: 'force-quit' }
  /** finish() is complete: the final frame and the log line are on the screen, the view is unmounted. */
  | { type: 'done' };
