import type { RenderRunOptions, RunViewHandle } from './types.ts';
import { renderInViewProcess } from './view-host.ts';
import { takeViewProcess } from './view-process.ts';

/**
 * Mounts the live TUI. On the process's own terminal (fd 1) and from the built package, it renders in a process of
 * its own (started at the CLI's start by `prepareLiveView`, or now) that steps back for the run once it starts, so the
 * fold, React, ink's layout and V8's work on them never take CPU the run wants; otherwise (from sources, a stream that
 * is not fd 1, or a view process that failed to start) in the CLI's process. ink and React load only where the view
 * renders.
 */
export async function renderRun(options: RenderRunOptions): Promise<RunViewHandle> {
  const view = takeViewProcess({ stdout: options.stdout, env: options.env ?? {} });
  if (view && view.failure === null) return renderInViewProcess(options, view);
  if (view) view.child.kill('SIGKILL');
  const { mountRunView } = await import('./mount-run-view.tsx');
  return mountRunView(options);
}
