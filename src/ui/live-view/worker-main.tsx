// The live view's worker thread (loaded by worker-entry.ts): the fold, React, ink's layout and the
// terminal writes all happen here, so the run's own thread pays one postMessage per batch of events.
import { WriteStream } from 'node:tty';
import { parentPort } from 'node:worker_threads';
import type { RlmEvent } from '../../engine/internal.ts';
import type { EventSource } from '../hooks/use-run-view.ts';
import { KeyStream } from './key-stream.ts';
import { mountRunView } from './mount-run-view.tsx';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';
import type { RunViewHandle } from './types.ts';
import { liveViewThreadId, yieldToTheRun } from './thread-priority.ts';
import { warmUpView } from './warm-up.ts';
import { isDiscarded } from './discarded.ts';

if (!parentPort) throw new Error('the live view worker runs only as a worker thread');
const port = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

// Its own handle on the terminal: writes to a TTY are synchronous, so a frame is on the screen when write returns
// and the main thread never carries one.
const stdout = new WriteStream(1);
const keys = new KeyStream((enabled) => post({ type: 'raw-mode', enabled }));
let view: { handle: RunViewHandle; source: ForwardedSource; init: WorkerInit } | null = null;
let batches = 0;
let finishing = false;
// While the CLI is still loading: the run is handed over (`mount`) only once the CLI has set it up, and a message that
// comes in meanwhile waits for this first, off-screen frame.
if (!isDiscarded()) warmUpView(stdout.columns || 80, stdout.rows || 24);

port.on('message', (message: ToWorker) => {
  if (message.type === 'mount') {
    // The CLI lowered this thread as it handed the run over if the thread had told it its id by then (a thread started
    // at that moment had not): lowering it again here costs one system call.
    yieldToTheRun(liveViewThreadId());
    view = mount(message.init);
    return;
  }
  if (!view) return;
  switch (message.type) {
    case 'events':
      batches += 1;
      if (view.init.crashAfterBatches !== null && batches > view.init.crashAfterBatches)
        throw new Error('crash injected by RLM_TEST_LIVE_VIEW_CRASH');
      view.source.emit(message.events);
      break;
    case 'keys':
      keys.type(message.chunk);
      break;
    case 'resize':
      // SIGWINCH reaches only the main thread; it measured the terminal for us.
      if (stdout.columns !== message.columns || stdout.rows !== message.rows) {
        stdout.columns = message.columns;
        stdout.rows = message.rows;
        stdout.emit('resize');
      }
      break;
    case 'finish':
      if (finishing) break;
      finishing = true;
      void view.handle.finish().then(() => post({ type: 'done' }));
      break;
    case 'quit':
      // Once finishing, the last frame is already on its way.
      if (!finishing) view.handle.forceQuit();
      break;
  }
});

function mount(init: WorkerInit) {
  stdout.columns = init.columns;
  stdout.rows = init.rows;
  const source = forwardedSource(init.events);
  const handle = mountRunView({
    source,
    context: init.context,
    color: init.color,
    logFile: init.logFile,
    stdout: stdout as NodeJS.WriteStream,
    stdin: keys as unknown as NodeJS.ReadStream,
    // The view writes nothing to stderr; ink's own notices belong on the screen it owns.
    stderr: stdout as NodeJS.WriteStream,
    onAbort: (key) => post({ type: 'abort', key }),
    onForceQuit: () => post({ type: 'force-quit' }),
  });
  return { handle, source, init };
}

type ForwardedSource = EventSource & { emit(events: RlmEvent[]): void };

/** The run's events as they arrive from the main thread, in the shape the view subscribes to. */
function forwardedSource(initial: RlmEvent[]): ForwardedSource {
  const seen = initial;
  const listeners = new Set<(event: RlmEvent) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trajectory: () => seen,
    emit(events) {
      for (const event of events) {
        seen.push(event);
        for (const listener of listeners) listener(event);
      }
    },
  };
}
