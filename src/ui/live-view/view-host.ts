import type { RlmEvent } from '../../engine/internal.ts';
import { guardStream } from '../../output/index.ts';
import type { FromView, ToView, ViewInit } from './protocol.ts';
import type { RenderRunOptions, RunViewHandle } from './types.ts';
import { lowerViewPriority } from './process-priority.ts';
import { exitReason, holdOpen, type ViewProcess } from './view-process.ts';

/** Events are sent in batches this often (and at once on the run's end): the view folds 10× a second anyway. */
const BATCH_MS = 50;
/** A view that has not finished by then is treated as lost, so a stuck view can never hold the run's exit. */
const FINISH_TIMEOUT_MS = 10_000;

/**
 * Runs the live view in its own process (see view-main.tsx). The CLI keeps what only it can do: it hears the run's
 * events, reads the keyboard, sets raw mode, and hears the terminal's resizes. Should the view's process die, the run
 * goes on without a view and says so on stderr.
 */
export function renderInViewProcess(options: RenderRunOptions, view: ViewProcess): RunViewHandle {
  const { child } = view;
  const crashAfter = Number(options.env?.RLM_TEST_LIVE_VIEW_CRASH);
  const init: ViewInit = {
    context: options.context,
    color: options.color,
    logFile: options.logFile ?? null,
    events: options.source.trajectory(),
    columns: options.stdout.columns,
    rows: options.stdout.rows,
    crashAfterBatches: Number.isInteger(crashAfter) && crashAfter >= 0 ? crashAfter : null,
  };
  // From now on the view is part of the run: the CLI waits for it. Lowered at its start already; again in case that
  // raced with a thread's start.
  holdOpen(child, true);
  lowerViewPriority(child.pid);
  child.stderr?.on('data', (chunk: Buffer) => options.stderr.write(chunk.toString('utf8')));

  let state: 'live' | 'done' | 'lost' = 'live';
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const send = (message: ToView) => {
    if (state !== 'live') return;
    // A channel that is closed or breaks ends in the process's exit, which loses the view.
    child.send(message, (error) => error && lose(error));
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
    child.kill('SIGKILL');
  }

  child.on('message', (message: FromView) => {
    if (state !== 'live') return;
    if (message.type === 'crashed') lose(new Error(message.message));
    else if (message.type === 'raw-mode') setRawMode(message.enabled);
    else if (message.type === 'abort') options.onAbort(message.key);
    else if (message.type === 'force-quit') {
      state = 'done';
      release();
      settle();
      options.onForceQuit();
      child.kill('SIGKILL');
    } else {
      state = 'done';
      settle();
    }
  });
  child.on('error', lose);
  // 'close', not 'exit': a crashing view's last message (why) may still be in the channel when the process ends.
  child.on('close', (code, signal) => lose(new Error(exitReason(code, signal))));

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
      // Done, it exits by itself (a lost one was killed): the CLI need not wait for that.
      holdOpen(child, false);
      return state === 'done';
    },
  };
}
