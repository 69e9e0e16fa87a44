import { render } from 'ink';
import { guardStream } from '../../output/index.ts';
import { RunApp } from '../components/run-app.tsx';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../theme.tsx';
import type { RenderRunOptions, RunViewHandle } from './types.ts';
import { liveInkOptions } from '../ink-options.ts';

/** Mounts the live TUI in this process: the CLI's own (from sources, or a non-terminal stream) or the view's. */
export function mountRunView(options: Omit<RenderRunOptions, 'env'>): RunViewHandle {
  let quit = false;
  // Resolved once the frame with the run's end is committed: finish() waits for it rather than a fixed delay.
  let runEndShown!: () => void;
  const runEnd = new Promise<void>((resolve) => (runEndShown = resolve));
  const element = () => (
    <ThemeContext.Provider value={options.color ? COLOR_THEME : PLAIN_THEME}>
      <RunApp
        source={options.source}
        context={options.context}
        logFile={options.logFile ?? null}
        quit={quit}
        onAbort={options.onAbort}
        onForceQuit={forceQuit}
        onRunEndShown={runEndShown}
      />
    </ThemeContext.Provider>
  );
  const instance = render(
    element(),
    liveInkOptions({
      // The renderer's own cursor moves pass; any other sequence that slipped into the text does not.
      stdout: guardStream(options.stdout, 'screen'),
      terminal: options.stdout,
      stdin: options.stdin,
      stderr: options.stderr,
    }),
  );
  /** Quitting mid-run: a last frame without spinners that says so, raw mode off and the cursor back, then exit. */
  function forceQuit(): void {
    if (quit) return;
    quit = true;
    instance.rerender(element());
    instance.unmount();
    options.onForceQuit();
  }
  return {
    forceQuit,
    async finish(): Promise<boolean> {
      // The throttled fold folds run_end at once; wait for that frame (answer, totals, log) so it is what stays on
      // screen, but no longer than a couple of fold ticks should it never come. Unmounting flushes ink's throttle.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([runEnd, new Promise((resolve) => (timer = setTimeout(resolve, 250)))]);
      clearTimeout(timer);
      instance.unmount();
      await instance.waitUntilExit();
      return true;
    },
  };
}
