// The live view process's entry (dist/live-view.js), started by the CLI (view-process.ts) on the CLI's terminal, with
// an IPC channel to the CLI.
/* oxlint-disable no-restricted-globals -- this file IS the view's process; the view itself gets its channel injected */
import { enableCompileCache } from 'node:module';
import type { FromView, ToView } from './protocol.ts';

// The CLI decides what a Ctrl-C means (the terminal sends it to the whole process group until raw mode is on); and
// when the CLI is gone, so is its run: the view has nothing left to draw.
process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(0));
// The code cache: ink and React compile once, not on every run.
enableCompileCache();
// yoga-layout (ink's layout engine) fetches its embedded WebAssembly with fetch() when there is one, and in Node
// the first fetch() loads the whole built-in HTTP client (~40 ms of the view's start). Without fetch it decodes the
// same bytes directly. The view never fetches anything.
Reflect.deleteProperty(globalThis, 'fetch');
// With a callback always: it also hears a channel the CLI has closed, which would otherwise be an 'error' event.
const post = (message: FromView, then: () => void = () => undefined) => {
  if (process.send) process.send(message, () => then());
  else then();
};
// Whatever the view throws ends it; the CLI goes on without it and says why.
process.on('uncaughtException', (error) => post({ type: 'crashed', message: error.message }, () => process.exit(1)));
const { serveView } = await import('./view-main.tsx');
serveView({
  post,
  onMessage: (handler: (message: ToView) => void) => process.on('message', handler),
  exitAfter: (message) => post(message, () => process.exit(0)),
});
