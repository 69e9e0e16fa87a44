import type { RlmErrorCode, StopReason } from '../engine/internal.ts';

/** Every failure the CLI reports on stderr starts with this, whoever raised it. */
export const ERROR_PREFIX = 'rlm: ';

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  noModel: 3,
  provider: 4,
  limit: 5,
  logIncomplete: 6,
  interrupted: 130,
  /** stdout was closed by its reader (`| head`): 128 + SIGPIPE, as a shell reports a process killed by it. */
  brokenPipe: 141,
  terminated: 143,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    an answer was produced (whatever the stop reason)
  1    internal error
  2    usage or bad input (unknown flag, missing question, no context, unreadable path, invalid config)
  3    no model configured, or authentication failed
  4    provider failure after retries
  5    a limit stopped the run without an answer
  6    the trajectory log could not be written completely (the disk is full, …); the run itself may have answered
  130  interrupted (Ctrl-C)
  141  stdout was closed by its reader (e.g. | head) before the run finished
  143  terminated (SIGTERM)`;

/** Errors the CLI raises itself, before or around a run. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: string;

  constructor(code: string, message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError('invalid_input', message, EXIT.usage);

export function exitCodeForError(code: RlmErrorCode | string): number {
  switch (code) {
    case 'invalid_input':
    case 'invalid_config':
    case 'replay_divergence':
      return EXIT.usage;
    case 'no_model':
    case 'auth_failed':
      return EXIT.noModel;
    case 'provider_failed':
      return EXIT.provider;
    case 'budget_exhausted':
    case 'timeout':
      return EXIT.limit;
    case 'aborted':
      return EXIT.interrupted;
    default:
      return EXIT.internal;
  }
}

/** Exit code of a finished run: any answer is success; otherwise why it has none. */
export function exitCodeForRun(answer: string | null, stopReason: StopReason, errorCode: string | null): number {
  if (answer !== null) return EXIT.ok;
  if (stopReason === 'aborted') return EXIT.interrupted;
  if (
    stopReason === 'budget' ||
    stopReason === 'timeout' ||
    stopReason === 'max_iterations' ||
    stopReason === 'max_errors'
  )
    return EXIT.limit;
  return errorCode ? exitCodeForError(errorCode) : EXIT.internal;
}
