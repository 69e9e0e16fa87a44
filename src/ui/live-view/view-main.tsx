// The live view's process (loaded by view-entry.ts): the fold, React, ink's layout and the terminal writes all
// happen here, so the run's own thread pays one IPC message per batch of events.
import { WriteStream } from 'node:tty';
import { createEventHub, type EventHub } from '../../output/index.ts';
import type { RlmEvent } from '../../engine/internal.ts';
import { KeyStream } from './key-stream.ts';
import { mountRunView } from './mount-run-view.tsx';
import type { FromView, ToView, ViewInit } from './protocol.ts';
import type { RunViewHandle } from './types.ts';
import { warmUpView } from './warm-up.ts';

/** The view's side of its IPC channel to the CLI (the entry wires it to its process). */
export interface ViewChannel {
  post(message: FromView): void;
  onMessage(handler: (message: ToView) => void): void;
  /** Ends the process once `message` is on its way. */
  exitAfter(message: FromView): void;
}

export function serveView(channel: ViewChannel): void {
  const { post } = channel;
  // The terminal (the CLI's own fd 1): writes to a TTY are synchronous, so a frame is on the screen when write returns.
  const stdout = new WriteStream(1);
  const keys = new KeyStream((enabled) => post({ type: 'raw-mode', enabled }));
  let view: { handle: RunViewHandle; events: EventHub<RlmEvent>; init: ViewInit } | null = null;
  let batches = 0;
  let finishing = false;
  // While the CLI is still loading: the run is handed over (`mount`) only once the CLI has set it up, and a message
  // that comes in meanwhile waits for this first, off-screen frame.
  warmUpView(stdout.columns || 80, stdout.rows || 24);

  channel.onMessage((message) => {
    if (message.type === 'mount') {
      view = mount(message.init);
      return;
    }
    if (!view) return;
    switch (message.type) {
      case 'events':
        batches += 1;
        if (view.init.crashAfterBatches !== null && batches > view.init.crashAfterBatches)
          throw new Error('crash injected by RLM_TEST_LIVE_VIEW_CRASH');
        view.events.emit(...message.events);
        break;
      case 'keys':
        keys.type(message.chunk);
        break;
      case 'resize':
        // The CLI measured the terminal for us: one source for the size, whichever process hears SIGWINCH first.
        if (stdout.columns !== message.columns || stdout.rows !== message.rows) {
          stdout.columns = message.columns;
          stdout.rows = message.rows;
          stdout.emit('resize');
        }
        break;
      case 'finish':
        if (finishing) break;
        finishing = true;
        void view.handle.finish().then(() => channel.exitAfter({ type: 'done' }));
        break;
      case 'quit':
        // Once finishing, the last frame is already on its way.
        if (!finishing) view.handle.forceQuit();
        break;
    }
  });

  function mount(init: ViewInit) {
    stdout.columns = init.columns;
    stdout.rows = init.rows;
    // The run's events as they arrive from the CLI, in the shape the view subscribes to.
    const events = createEventHub(init.events);
    const handle = mountRunView({
      source: { subscribe: events.subscribe, trajectory: () => events.events },
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
    return { handle, events, init };
  }
}
