import type { CellError } from './types.ts';
import { seconds, type Limits } from './limits.ts';

/**
 * The error a host failure becomes inside the sandbox: its message only. A fresh Error still carries a stack of host
 * frames (`at run (file:///…)`), which isolated-vm copies into the isolate, so the stack is reduced to the message.
 */
export function messageOnlyError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof TypeError ? 'TypeError' : error instanceof RangeError ? 'RangeError' : 'Error';
  const fresh =
    name === 'TypeError'
      ? new TypeError(message)
      : name === 'RangeError'
        ? new RangeError(message)
        : new Error(message);
  fresh.stack = `${name}: ${message}`;
  return fresh;
}

export function runtimeError(error: { name: string; message: string; stack?: string }): CellError {
  const line = lineFromStack(error.stack);
  return { kind: 'runtime', name: error.name, message: error.message, ...(line ? { line } : {}) };
}

function lineFromStack(stack: string | undefined): number | undefined {
  const match = stack?.match(/cell-\d+\.js:(\d+)(?::\d+)?/);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** Errors that escape the cell wrapper: isolate disposal, the synchronous timeout, unhandled rejections. */
export function classifyThrown(
  error: unknown,
  isolateDisposed: boolean,
  limits: Limits,
): { error: CellError; reset: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  if (isolateDisposed || /disposed/i.test(message)) {
    const memory = /memory/i.test(message) || isolateDisposed;
    return {
      error: memory
        ? {
            kind: 'memory_limit',
            name: 'RangeError',
            message: `The cell exceeded the sandbox memory limit (${limits.memoryLimitMb} MiB) and the sandbox was restarted`,
          }
        : { kind: 'runtime', name: 'Error', message },
      reset: true,
    };
  }
  if (/execution timed out/i.test(message)) {
    // Reset: microtasks and host results the stopped cell left queued would otherwise run in the next cell.
    return {
      error: {
        kind: 'cpu_limit',
        name: 'Error',
        message: `The cell used more than ${seconds(limits.cpuTimeLimitMs)} of CPU time and was stopped`,
      },
      reset: true,
    };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const stack = error instanceof Error ? error.stack : undefined;
  const line = lineFromStack(stack);
  return {
    error: { kind: 'runtime', name: `Uncaught (in promise) ${name}`, message, ...(line ? { line } : {}) },
    reset: false,
  };
}
