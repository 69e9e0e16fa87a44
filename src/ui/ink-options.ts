import type { RenderOptions } from 'ink';

/**
 * How the live views (a run's, the chat app's) mount ink: keys are theirs (Ctrl-C is a key, not ink's exit), the
 * console is left alone, 10 frames a second at most, and interactive whenever the terminal is (ink would otherwise
 * turn interactivity off whenever CI is set).
 */
export function liveInkOptions(streams: {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  /** The terminal the view draws on, when `stdout` wraps it. */
  terminal?: NodeJS.WriteStream;
}): RenderOptions {
  return {
    stdout: streams.stdout,
    stdin: streams.stdin,
    stderr: streams.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 10,
    interactive: Boolean((streams.terminal ?? streams.stdout).isTTY),
  };
}
