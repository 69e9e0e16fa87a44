import type { Redactor } from '../output/index.ts';

/** Why a run was stopped from outside. */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'stdout_closed';

/** What the CLI needs from the process, passed in so commands are testable and `process` stays in one place. */
export interface CliIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Guarded (src/output guardStream): secrets redacted, no escape sequence but colours reaches the terminal. */
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stdinIsTTY: boolean;
  /** Quits immediately (second Ctrl-C). */
  exit: (code: number) => never;
  /** All of stdin, refused with a usage error once it passes `maxBytes` (see context/read-stdin.ts). */
  readStdin: (maxBytes: number) => Promise<Uint8Array>;
  /** Registers the current run's handler for Ctrl-C, SIGTERM and a closed stdout; returns its removal. */
  onInterrupt: (handler: (cause: StopCause) => void) => () => void;
  /** True once stdout's reader has gone (EPIPE): nothing more should be written there. */
  isStdoutClosed: () => boolean;
  /** The one redactor of every path out (terminal, JSON, stream, log, exports); commands add the secrets they learn. */
  redactor: Redactor;
  /** `redactor.text`: replaces secret values (API keys, URL credentials) in a string. */
  redact: (text: string) => string;
}
