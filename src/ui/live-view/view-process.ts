import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { findLiveViewEntry } from './find-view-entry.ts';
import { lowerViewPriority } from './process-priority.ts';
import type { FromView } from './protocol.ts';

/** The live view's process, started but not yet showing a run. */
export interface ViewProcess {
  child: ChildProcess;
  /** Set if the process failed before a run was handed to it (it could not start, or its code would not load). */
  failure: Error | null;
}

export interface PrepareOptions {
  stdout: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The process started ahead of its run; it draws on the CLI's fd 1, so it serves any stream that is that terminal. */
let prepared: ViewProcess | null = null;

/**
 * Starts the view's process early, while the CLI still loads its modules, its context and the engine: Node's start-up
 * and the loading of ink and React then use a core the run does not need yet. Does nothing where the view would not
 * run in its own process (see `renderRun`). The process keeps nothing alive until a run is handed to it.
 */
export function prepareLiveView(options: PrepareOptions): void {
  if (prepared || !isProcessTerminal(options.stdout)) return;
  const entry = findLiveViewEntry();
  if (entry !== null) prepared = startViewProcess(entry, options.env);
}

/**
 * Ends a process `prepareLiveView` started for a view that will not be shown after all (the command failed first, or
 * its flags turned the view off). It has drawn nothing on the terminal yet, so it is simply killed.
 */
export function discardLiveView(): void {
  prepared?.child.kill('SIGKILL');
  prepared = null;
}

/** The process `prepareLiveView` started, or a new one; null where the view renders in the CLI's process. */
export function takeViewProcess(options: PrepareOptions): ViewProcess | null {
  if (!isProcessTerminal(options.stdout)) return null;
  const early = prepared;
  prepared = null;
  if (early) return early;
  const entry = findLiveViewEntry();
  return entry === null ? null : startViewProcess(entry, options.env);
}

function startViewProcess(entry: string, env: NodeJS.ProcessEnv): ViewProcess {
  const child = fork(entry, [], {
    // None of the CLI's Node flags (a profiler, a preload, isolated-vm's --no-node-snapshot): the view needs none.
    execArgv: [],
    env: terminalEnv(env),
    // Its stdout is the CLI's: the terminal (colour detection sees what the CLI sees). What it prints on stderr comes
    // back to the CLI, which shows it through its guarded stderr once the view shows a run (view-host.ts).
    stdio: ['ignore', 1, 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const started: ViewProcess = { child, failure: null };
  child.on('error', (error) => (started.failure ??= error));
  child.on('close', (code, signal) => (started.failure ??= new Error(exitReason(code, signal))));
  child.on('message', (message: FromView) => {
    if (message.type === 'crashed') started.failure ??= new Error(message.message);
  });
  // Until a run is handed over, a command that fails before its run must still exit.
  holdOpen(child, false);
  // Node has just exec'd in it: the threads it starts from now on inherit the lowered value (see process-priority.ts).
  lowerViewPriority(child.pid);
  return started;
}

/** Whether the view's process (its channel and its stderr pipe) keeps the CLI's process alive. */
export function holdOpen(child: ChildProcess, hold: boolean): void {
  for (const handle of [child, child.channel, child.stderr as Socket | null]) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}

export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `its process was killed by ${signal}` : `its process exited with code ${code}`;
}

/** The view's process draws on the CLI's fd 1, so only a stream that is that terminal can be handed over to it. */
function isProcessTerminal(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY && (stream as { fd?: unknown }).fd === 1;
}

/** The variables a terminal view reads (colour support, locale), and none of the secrets a process may hold. */
export function terminalEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (TERMINAL_VARIABLES.has(name) || name.startsWith('LC_'))) picked[name] = value;
  }
  return picked;
}

/** What chalk's colour detection (supports-color) and the locale read; CI providers' names are only markers. */
const TERMINAL_VARIABLES = new Set([
  'TERM',
  'COLORTERM',
  'TERM_PROGRAM',
  'TERM_PROGRAM_VERSION',
  'FORCE_COLOR',
  'NO_COLOR',
  'LANG',
  'LANGUAGE',
  'CI',
  'CI_NAME',
  'GITHUB_ACTIONS',
  'GITEA_ACTIONS',
  'CIRCLECI',
  'TRAVIS',
  'APPVEYOR',
  'GITLAB_CI',
  'BUILDKITE',
  'DRONE',
  'TEAMCITY_VERSION',
  'TF_BUILD',
  'AGENT_NAME',
]);
