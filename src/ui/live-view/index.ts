// The live view of a run. Light on purpose: the CLI imports it before a run, and ink loads only where the view renders.
export { renderRun } from './render-run.ts';
export type { RenderRunOptions, RunViewHandle } from './types.ts';
