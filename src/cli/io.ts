/** Why a run was stopped from outside. */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'stdout_closed';

/** What the CLI needs from the process, passed in so commands are testable and `process` stays in one place. */
export interface CliIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
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
  /** Replaces secret values (API keys) in text bound for the terminal or a log. */
  redact: (text: string) => string;
}

export function createRedactor(secrets: Array<string | undefined>): (text: string) => string {
  const values = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 8);
  if (values.length === 0) return (text) => text;
  return (text) =>
    values.reduce(
      (current, secret) => (current.includes(secret) ? current.split(secret).join('[redacted]') : current),
      text,
    );
}
