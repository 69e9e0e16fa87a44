import { composeCellReport, SESSION_RESET_NOTE, type CellError, type CellResult } from '../../sandbox/index.ts';
import type { ReplLimits } from '../repl-session.ts';
import { formatCount } from '../../format-count.ts';
import { seconds } from '../../sandbox/limits.ts';

/** Why the sandbox process went away. */
export type LossReason =
  | { kind: 'crashed'; detail: string }
  | { kind: 'memory'; rssMb: number; capMb: number }
  | { kind: 'unresponsive'; afterMs: number }
  | { kind: 'wall'; limitMs: number }
  | { kind: 'recycled' }
  | { kind: 'disposed' };

/** A request to the sandbox process that cannot be answered: the process died or was killed. */
export class ProcessLost extends Error {
  readonly reason: LossReason;
  constructor(reason: LossReason) {
    super(`the sandbox process was lost (${reason.kind})`);
    this.reason = reason;
  }
}

/** The result of a cell whose process died under it: what happened, and that the variables are gone. */
export function lostCellResult(reason: LossReason, code: string, started: number, limits: ReplLimits): CellResult {
  const error = lossError(reason);
  const notes = [SESSION_RESET_NOTE];
  const report = composeCellReport({ output: '', error, notes, lines: code.split('\n') }, limits.outputLimitChars);
  return {
    ok: false,
    output: '',
    modelOutput: report.text,
    omittedChars: report.omittedChars,
    error,
    sessionReset: true,
    notes,
    strippedTypes: false,
    durationMs: performance.now() - started,
    cpuMs: 0,
  };
}

function lossError(reason: LossReason): CellError {
  const error = (kind: CellError['kind'], message: string): CellError => ({ kind, name: 'Error', message });
  switch (reason.kind) {
    case 'crashed':
      return error('crashed', `The cell crashed the sandbox process (${reason.detail}); it was restarted`);
    case 'memory':
      return error(
        'memory_limit',
        `The sandbox process used ${formatCount(reason.rssMb)} MiB, over its cap of ${formatCount(reason.capMb)} MiB, and was restarted`,
      );
    case 'unresponsive':
      return error(
        'wall_limit',
        `The sandbox process stopped responding for ${seconds(reason.afterMs)} and was restarted`,
      );
    case 'wall':
      return error(
        'wall_limit',
        `The cell ran longer than ${seconds(reason.limitMs)} and the sandbox process was restarted`,
      );
    case 'recycled':
      return error(
        'crashed',
        'The sandbox process was restarted while this cell ran (another cell of this run exceeded its limits)',
      );
    case 'disposed':
      return error('aborted', 'The sandbox was closed while this cell ran');
  }
}

/** What a crashed process's stderr says, without paths: the model reads this. */
export function crashDetail(code: number | null, signal: string | null, stderr: string): string {
  const exit = signal ? `signal ${signal}` : `exit code ${code}`;
  if (/heap out of memory|Reached heap limit|allocation failed/i.test(stderr))
    return `out of memory, ${exit}: the cell built values too large for the sandbox`;
  const fatal = /Fatal JavaScript ([^(\n]*)/.exec(stderr) ?? /Fatal error[^\n]*\n#\s*([^\n]*)/.exec(stderr);
  // Only the words of the message: nothing that looks like a path reaches the model.
  const what = fatal?.[1]?.replace(/\S*[/\\]\S*/g, '').trim();
  if (what)
    return `V8 fatal error: ${what.slice(0, 120)}, ${exit}; usually a string or array too large, such as splitting a huge string into characters`;
  return exit;
}
