import { Writable } from 'node:stream';
import { KeyStream } from './key-stream.ts';
import { mountRunView } from './mount-run-view.tsx';

/**
 * Draws the view once, off-screen (a run with no events yet, on a stream that discards what it gets), and unmounts
 * it. The view's process does this as soon as its code has loaded, while the CLI is still loading its own: the first
 * frame otherwise costs about 50 ms of cold code (React's first render, yoga's first layout, ink's first write) just
 * as the run starts and wants both cores (issue 14, `bench:ui`). Nothing reaches the terminal.
 */
export function warmUpView(columns: number, rows: number): void {
  const sink = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), {
    isTTY: true,
    columns,
    rows,
  }) as unknown as NodeJS.WriteStream;
  const view = mountRunView({
    source: { subscribe: () => () => undefined, trajectory: () => [] },
    context: undefined,
    color: true,
    stdout: sink,
    stdin: new KeyStream(() => undefined) as unknown as NodeJS.ReadStream,
    stderr: sink,
    onAbort: () => undefined,
    onForceQuit: () => undefined,
  });
  view.forceQuit();
}
