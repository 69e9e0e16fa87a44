import { findLiveViewWorker } from './find-worker.ts';
import type { RenderRunOptions, RunViewHandle } from './types.ts';
import { renderInWorker } from './worker-host.ts';

/**
 * Mounts the live TUI. On the process's own terminal (fd 1) and from the built package, it renders in a worker
 * thread so the fold, React and ink's layout never take CPU from the run's thread; otherwise (from sources, or a
 * stream that is not fd 1) on this thread. ink and React load only on the thread that renders.
 */
export async function renderRun(options: RenderRunOptions): Promise<RunViewHandle> {
  const entry = findLiveViewWorker();
  if (entry !== null && isProcessTerminal(options.stdout)) return renderInWorker(options, entry);
  const { mountRunView } = await import('./mount-run-view.tsx');
  return mountRunView(options);
}

/** The worker opens fd 1 itself, so only a stream that is that terminal can be handed over to it. */
function isProcessTerminal(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY && (stream as { fd?: unknown }).fd === 1;
}
