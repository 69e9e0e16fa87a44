// The live view worker's entry (dist/live-view-worker.js).
import { enableCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { isDiscarded } from './discarded.ts';
import type { FromWorker } from './protocol.ts';
import { liveViewThreadId } from './thread-priority.ts';

// First, before ink and React load: the CLI lowers this thread's priority once the run starts (thread-priority.ts).
parentPort?.postMessage({ type: 'thread', threadId: liveViewThreadId() } satisfies FromWorker);
// V8's code cache is per thread: turned on here, the worker compiles ink and React once, not on every run.
enableCompileCache();
// yoga-layout (ink's layout engine) fetches its embedded WebAssembly with fetch() when there is one, and in Node
// the first fetch() loads the whole built-in HTTP client (~40 ms of this thread's start). Without fetch it decodes
// the same bytes directly. The view never fetches anything.
const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
Reflect.deleteProperty(globalThis, 'fetch');
try {
  // Discarded before it got this far (the command failed early): nothing to load, and nothing then to terminate mid-load.
  if (!isDiscarded()) await import('./worker-main.tsx');
  parentPort?.postMessage({ type: 'ready' } satisfies FromWorker);
} finally {
  if (fetchProperty) Object.defineProperty(globalThis, 'fetch', fetchProperty);
}
