import type { RenderRunOptions, RunViewHandle } from './types.ts';
import { takeViewWorker } from './view-worker.ts';
import { renderInWorker } from './worker-host.ts';

/**
 * Mounts the live TUI. On the process's own terminal (fd 1) and from the built package, it renders in a worker
 * thread (started at the CLI's start by `prepareLiveView`, or now) so the fold, React and ink's layout never take CPU from the
 * run's thread; otherwise (from sources, a stream that is not fd 1, or a worker whose code would not load) on this
 * thread. ink and React load only on the thread that renders.
 */
export async function renderRun(options: RenderRunOptions): Promise<RunViewHandle> {
  const view = takeViewWorker({ stdout: options.stdout, env: options.env ?? {} });
  if (view && view.failure === null) return renderInWorker(options, view);
  if (view) void view.worker.terminate();
  const { mountRunView } = await import('./mount-run-view.tsx');
  return mountRunView(options);
}
