import { setFlagsFromString } from 'node:v8';

let tuned = false;

/**
 * Called once the CLI has loaded and a run is about to start. A run executes the same few hundred functions (the
 * loop, the AI SDK's stream path, undici, the event consumers) once per root turn, a few dozen times in all, so they
 * spend their life in V8's interpreter; compiling each to baseline (Sparkplug) code on first call is cheap and cuts
 * the engine's time per turn by about a quarter (issue 14, `npm run bench:cli`). Set after start-up, not in the
 * shebang: applied to the CLI's start-up code it costs more than it saves.
 */
export function tuneForRun(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--always-sparkplug');
}
