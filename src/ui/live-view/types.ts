import type { ContextInfo } from '../components/header.tsx';
import type { EventSource } from '../hooks/use-run-view.ts';

export interface RenderRunOptions {
  source: EventSource;
  context?: ContextInfo;
  stdout: NodeJS.WriteStream;
  /** Where keys are read: the terminal, even when the process's stdin is a pipe (the CLI opens /dev/tty). */
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  color: boolean;
  /** The run's log, shown under the answer once the run has ended (known before it starts, so the end is one frame). */
  logFile?: string | null;
  /**
   * The process's environment. The view's process gets only its terminal variables from it (colour detection,
   * locale), never the API keys; `RLM_TEST_LIVE_VIEW_CRASH=<batches>` makes the view crash (tests).
   */
  env?: NodeJS.ProcessEnv;
  /** First q / Ctrl-C (the key is named so the run's stop reason says which). */
  onAbort: (key: 'q' | 'Ctrl-C') => void;
  /** Second q / Ctrl-C: called once the TUI has drawn its last frame and given the terminal back. */
  onForceQuit: () => void;
}

/** A mounted live view. */
export interface RunViewHandle {
  /** Quit mid-run: a last frame that says so, the terminal given back, then `onForceQuit`. */
  forceQuit(): void;
  /**
   * Lets the run's last frame render, and unmounts. Resolves false when the view was lost on the way (its process
   * crashed): the caller then prints the answer itself.
   */
  finish(): Promise<boolean>;
}
