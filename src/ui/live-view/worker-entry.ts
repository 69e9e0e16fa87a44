// The live view worker's entry (dist/live-view-worker.js).
import { enableCompileCache } from 'node:module';
import { yieldToTheRun } from './thread-priority.ts';

// First, before ink and React load: on a busy machine the run's own thread comes first and the view gets what is left.
yieldToTheRun();
// V8's code cache is per thread: turned on here, the worker compiles ink and React once, not on every run.
enableCompileCache();
await import('./worker-main.tsx');
