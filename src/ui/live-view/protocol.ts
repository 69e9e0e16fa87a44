// The messages between the CLI and the live view's process (see render-run.ts), over Node's IPC channel.
import type { RlmEvent } from '../../engine/internal.ts';
import type { ContextInfo } from '../components/header.tsx';

/** What the view mounts with: the run's events so far ride along, so the first frame is complete. */
export interface ViewInit {
  context: ContextInfo | undefined;
  color: boolean;
  logFile: string | null;
  events: RlmEvent[];
  /** The terminal's size now: the view may have started before the last resize. */
  columns: number;
  rows: number;
  /** Tests only: throw after this many event batches, as a crashing view would. */
  crashAfterBatches: number | null;
}

export type ToView =
  /** First: the view loads its code as soon as it starts, and mounts on this. */
  | { type: 'mount'; init: ViewInit }
  | { type: 'events'; events: RlmEvent[] }
  /** Raw key bytes the CLI read from the terminal. */
  | { type: 'keys'; chunk: string }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'finish' }
  | { type: 'quit' };

export type FromView =
  /** The view threw: it is about to exit, and says why so that the CLI's notice can. */
  | { type: 'crashed'; message: string }
  /** ink turned raw mode on or off: the CLI owns the keyboard and does it for real. */
  | { type: 'raw-mode'; enabled: boolean }
  | { type: 'abort'; key: 'q' | 'Ctrl-C' }
  /** The last frame is drawn and the terminal given back: the CLI may exit now. */
  | { type: 'force-quit' }
  /** finish() is complete: the final frame and the log line are on the screen, the view is unmounted. */
  | { type: 'done' };
