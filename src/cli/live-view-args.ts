/** Flags with which `rlm ask` never shows the live view (its output mode is chosen by flags alone). */
const NO_VIEW_FLAGS = new Set(['--json', '--stream-json', '-q', '--quiet', '--estimate', '-h', '--help']);

/**
 * Whether these arguments (after `rlm`) ask for a run the live view will show, as far as the words alone tell:
 * `rlm ask` without a flag that turns the view off. `askCommand` decides for certain once the flags are parsed.
 */
export function mayShowLiveView(args: readonly string[]): boolean {
  if (args[0] !== 'ask') return false;
  for (const arg of args.slice(1)) {
    if (arg === '--') break;
    if (NO_VIEW_FLAGS.has(arg)) return false;
  }
  return true;
}
