// Imported first by main.ts, so this runs before the rest of the CLI is even evaluated: a run that will show the
// live view starts the view's process now, and its start-up (Node's, then ink's and React's, then an off-screen
// first frame) overlaps the CLI's own on the other core instead of the run's first second (issue 14, `bench:ui`).
// Should `rlm ask` not show the view after all, it discards the process.
import { prepareLiveView } from '../ui/live-view/view-process.ts';
import { mayShowLiveView } from './live-view-args.ts';

if (mayShowLiveView(process.argv.slice(2))) prepareLiveView({ stdout: process.stdout, env: process.env });
