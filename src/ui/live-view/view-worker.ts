import { Worker } from 'node:worker_threads';
import { findLiveViewWorker } from './find-worker.ts';
import { newDiscardFlag } from './discarded.ts';
import type { FromWorker } from './protocol.ts';
import { LIVE_VIEW_THREAD } from './thread-priority.ts';

/** The live view's worker thread, started but not yet showing a run. */
export interface ViewWorker {
  worker: Worker;
  /** Set if the thread failed before a run was handed to it (its code would not load). */
  failure: Error | null;
  /** The thread's Linux id, once it has said (see thread-priority.ts). */
  threadId: number | null;
  /** Settles once the thread may be terminated safely: its code has loaded, or it is gone (see protocol.ts). */
  loaded: Promise<void>;
  /** Tells the thread, even mid-load, that no run will come: it skips what it has not started of its loading. */
  discard(): void;
}

export interface PrepareOptions {
  stdout: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The worker started ahead of its run; it draws on fd 1, so it serves any stream that is that terminal. */
let prepared: ViewWorker | null = null;

/**
 * Starts the view's worker early, while the CLI still loads its modules, its context and the engine: the thread's
 * start-up and its loading of ink and React then use a core the run does not need yet. Does nothing where the view
 * would not run in a worker (see `renderRun`). The thread keeps nothing alive until a run is handed to it.
 */
export function prepareLiveView(options: PrepareOptions): void {
  if (prepared || !isProcessTerminal(options.stdout)) return;
  const entry = findLiveViewWorker();
  if (entry !== null) prepared = startViewWorker(entry, options.env);
}

/** How long a discarded thread may take to finish loading before it is terminated anyway. */
const LOAD_TIMEOUT_MS = 10_000;

/**
 * Stops a worker `prepareLiveView` started for a view that will not be shown after all (the command failed first,
 * or its flags turned the view off), and resolves once its thread is gone. It lets the thread finish loading first:
 * terminating it mid-load, or ending the process under it, can abort Node itself (see protocol.ts).
 */
export async function discardLiveView(): Promise<void> {
  const early = prepared;
  prepared = null;
  if (early) await discardViewWorker(early);
}

/** Tells the thread it is discarded, lets it finish what it is loading, then terminates it. */
export async function discardViewWorker(view: ViewWorker, loadTimeoutMs = LOAD_TIMEOUT_MS): Promise<void> {
  view.discard();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([view.loaded, new Promise((resolve) => (timer = setTimeout(resolve, loadTimeoutMs)))]);
  clearTimeout(timer);
  await view.worker.terminate();
}

/** The worker `prepareLiveView` started, or a new one; null where the view renders in-process. */
export function takeViewWorker(options: PrepareOptions): ViewWorker | null {
  if (!isProcessTerminal(options.stdout)) return null;
  const early = prepared;
  prepared = null;
  if (early) return early;
  const entry = findLiveViewWorker();
  return entry === null ? null : startViewWorker(entry, options.env);
}

function startViewWorker(entry: string, env: NodeJS.ProcessEnv): ViewWorker {
  const flag = newDiscardFlag();
  const worker = new Worker(entry, {
    name: LIVE_VIEW_THREAD,
    workerData: { discard: { buffer: flag.buffer } },
    env: terminalEnv(env),
    // Anything the worker prints goes through this process's guarded stderr once it shows a run (worker-host.ts),
    // not straight to the terminal. Read only from then on: a stream being read would keep the process alive.
    stdout: true,
    stderr: true,
  });
  let loaded!: () => void;
  const started: ViewWorker = {
    worker,
    failure: null,
    threadId: null,
    loaded: new Promise<void>((resolve) => (loaded = resolve)),
    discard: flag.raise,
  };
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'thread') started.threadId = message.threadId;
    if (message.type === 'ready') loaded();
  });
  worker.on('error', (error) => {
    started.failure ??= error;
    loaded();
  });
  worker.on('exit', (code) => {
    started.failure ??= new Error(`its thread exited with code ${code}`);
    loaded();
  });
  // Until a run is handed over, a command that fails before its run must still exit.
  worker.unref();
  return started;
}

/** The worker opens fd 1 itself, so only a stream that is that terminal can be handed over to it. */
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
