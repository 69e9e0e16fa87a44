import type { RlmEvent } from '../../engine/internal.ts';
import { guardStream } from '../../output/index.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';
import type { RenderRunOptions, RunViewHandle } from './types.ts';
import { yieldToTheRun } from './thread-priority.ts';
import type { ViewWorker } from './view-worker.ts';

/** Events are sent in batches this often (and at once on the run's end): the view folds 10× a second anyway. */
const BATCH_MS = 50;
/** A worker that has not finished by then is treated as lost, so a stuck view can never hold the run's exit. */
const FINISH_TIMEOUT_MS = 10_000;

/**
 * Runs the live view in a worker thread (see worker-main.tsx). This thread keeps what only it can do: it hears
 * the run's events, reads the keyboard, sets raw mode, and hears the terminal's resizes (SIGWINCH reaches no
 * worker). Should the worker die, the run goes on without a view and says so on stderr.
 */
export function renderInWorker(options: RenderRunOptions, view: ViewWorker): RunViewHandle {
  const { worker } = view;
  const crashAfter = Number(options.env?.RLM_TEST_LIVE_VIEW_CRASH);
  const init: WorkerInit = {
    context: options.context,
    color: options.color,
    logFile: options.logFile ?? null,
    events: options.source.trajectory(),
    columns: options.stdout.columns,
    rows: options.stdout.rows,
    crashAfterBatches: Number.isInteger(crashAfter) && crashAfter >= 0 ? crashAfter : null,
  };
  // From now on the view is part of the run: the process waits for it, and the run comes first for the CPU.
  worker.ref();
  yieldToTheRun(view.threadId);
  worker.stdout.on('data', (chunk: Buffer) => options.stderr.write(chunk.toString('utf8')));
  worker.stderr.on('data', (chunk: Buffer) => options.stderr.write(chunk.toString('utf8')));

  let state: 'live' | 'done' | 'lost' = 'live';
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const send = (message: ToWorker) => {
    if (state !== 'live') return;
    try {
      worker.postMessage(message);
    } catch (error) {
      lose(error);
    }
  };

  send({ type: 'mount', init });

  let pending: RlmEvent[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    send({ type: 'events', events });
  };
  // The view draws its last frame and unmounts as soon as the run has ended, while the CLI closes the log.
  let finishSent = false;
  const sendFinish = () => {
    flush();
    if (finishSent) return;
    finishSent = true;
    send({ type: 'finish' });
  };
  const unsubscribe = options.source.subscribe((event) => {
    pending.push(event);
    if (event.type === 'run_end' && event.depth === 0) sendFinish();
  });
  const timer = setInterval(flush, BATCH_MS);
  timer.unref();

  const keyboard = options.stdin;
  let raw = false;
  const forwardKeys = (chunk: string | Buffer) => send({ type: 'keys', chunk: chunk.toString() });
  const setRawMode = (enabled: boolean) => {
    if (enabled === raw) return;
    raw = enabled;
    keyboard.setRawMode?.(enabled);
    if (enabled) {
      keyboard.setEncoding('utf8');
      keyboard.on('data', forwardKeys);
      keyboard.ref?.();
      keyboard.resume();
    } else {
      keyboard.off('data', forwardKeys);
      keyboard.pause();
      keyboard.unref?.();
    }
  };
  const onResize = () => send({ type: 'resize', columns: options.stdout.columns, rows: options.stdout.rows });
  options.stdout.on('resize', onResize);

  const release = () => {
    unsubscribe();
    clearInterval(timer);
    options.stdout.off('resize', onResize);
    setRawMode(false);
  };
  function lose(error: unknown): void {
    if (state !== 'live') return;
    state = 'lost';
    release();
    // The dead view's frame stays; the cursor it hid comes back and what follows starts on a line of its own.
    guardStream(options.stdout, 'screen').write('\u001B[?25h\n');
    const reason = error instanceof Error ? error.message : String(error);
    options.stderr.write(`rlm: the live view stopped (${reason}); the run goes on without it.\n`);
    settle();
    void worker.terminate();
  }

  worker.on('message', (message: FromWorker) => {
    if (state !== 'live' || message.type === 'thread' || message.type === 'ready') return;
    if (message.type === 'raw-mode') setRawMode(message.enabled);
    else if (message.type === 'abort') options.onAbort(message.key);
    else if (message.type === 'force-quit') {
      state = 'done';
      release();
      settle();
      options.onForceQuit();
      void worker.terminate();
    } else {
      state = 'done';
      settle();
    }
  });
  worker.on('error', lose);
  worker.on('exit', (code) => lose(new Error(`its thread exited with code ${code}`)));

  return {
    forceQuit() {
      if (state === 'live') send({ type: 'quit' });
      else options.onForceQuit();
    },
    async finish() {
      sendFinish();
      const timeout = setTimeout(
        () => lose(new Error(`it did not finish within ${FINISH_TIMEOUT_MS / 1000} s`)),
        FINISH_TIMEOUT_MS,
      );
      await settled;
      clearTimeout(timeout);
      release();
      await worker.terminate();
      return state === 'done';
    },
  };
}
