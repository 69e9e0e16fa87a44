import { Box, Static, Text, useAnimation, useInput, useStdin, useWindowSize } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { usePacedRunView, type EventSource } from '../hooks/use-run-view.ts';
import type { IterationView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { AnswerBox } from './answer-box.tsx';
import { CostMeter } from './cost-meter.tsx';
import { Header, type ContextInfo } from './header.tsx';
import { IterationBlock } from './iteration-block.tsx';
import { RetryLine } from './retry-line.tsx';
import { liveLayout, scrollKey } from './live-layout.ts';

export interface RunAppProps {
  source: EventSource;
  context?: ContextInfo | undefined;
  logFile?: string | null;
  /** First q / Ctrl-C: cancel the run (told which key); second: quit at once. */
  onAbort?: (key: 'q' | 'Ctrl-C') => void;
  onForceQuit?: () => void;
  /** Set when the user quit before the run ended: the last frame says so instead of spinning on. */
  quit?: boolean;
  /** Re-renders per second at most. */
  fps?: number;
  /** Spinners and the elapsed clock tick; off in tests for stable frames. */
  animate?: boolean;
  now?: () => number;
  /** The terminal's height; measured when not given (tests give it for stable frames). */
  rows?: number;
  /** Called once a frame showing the run's end (its stop reason) has been committed. */
  onRunEndShown?: () => void;
}

/** The live view of a run: finished turns scroll away in <Static>, the current turn and the meter stay live. */
export function RunApp({
  source,
  context,
  logFile = null,
  onAbort,
  onForceQuit,
  quit = false,
  fps = 10,
  animate = true,
  now = Date.now,
  rows,
  onRunEndShown,
}: RunAppProps) {
  const theme = useTheme();
  const { view, storming } = usePacedRunView(source, fps);
  const window = useWindowSize();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [listOffset, setListOffset] = useState(0);
  const [fullProse, setFullProse] = useState(false);
  const interrupts = useRef(0);
  const { isRawModeSupported } = useStdin();
  const running = view.stopReason === null && !quit;
  // The elapsed time ticks on its own only between storms: during one, each fold redraws it.
  useAnimation({ interval: 500, isActive: animate && running && !storming });
  const ended = view.stopReason !== null;
  useEffect(() => {
    if (ended) onRunEndShown?.();
  }, [ended, onRunEndShown]);

  const layout = liveLayout(rows ?? window.rows, { retryLine: view.callsRetrying > 0 && view.lastRetry !== null });
  const anyExpanded = expanded.size > 0;

  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        interrupts.current += 1;
        if (interrupts.current === 1) onAbort?.(input === 'q' ? 'q' : 'Ctrl-C');
        else onForceQuit?.();
      } else if (input === 'e') {
        const latest = Object.keys(view.batches).at(-1);
        if (!latest) return;
        setListOffset(0);
        setExpanded((current) => {
          const next = new Set(current);
          if (next.has(latest)) next.delete(latest);
          else next.add(latest);
          return next;
        });
      } else if (input === 'v') {
        setFullProse((value) => !value);
      } else if (anyExpanded) {
        const step = scrollKey(input, key, layout.listRows);
        if (step !== 0) setListOffset((offset) => Math.max(0, offset + step));
      }
    },
    { isActive: Boolean(isRawModeSupported) },
  );

  const root = view.rlms[view.rootRlmId];
  const maxIterations = view.limits?.maxIterations ?? 0;
  const finished = root?.iterations.filter((iteration) => iteration.done) ?? [];
  const live = root?.iterations.filter((iteration) => !iteration.done) ?? [];
  const latestBatch = Object.keys(view.batches).at(-1);
  const maxOffset = Math.max(0, (latestBatch ? (view.batches[latestBatch]?.length ?? 0) : 0) - (layout.listRows - 1));
  const options = {
    expandedBatches: expanded,
    animate: animate && running,
    clock: animate && running && storming ? now() : undefined,
    listRows: layout.listRows,
    listOffset: Math.min(listOffset, maxOffset),
    stopped: quit,
  };
  const elapsed = view.durationMs ?? (view.startedAt === null ? 0 : Math.max(0, now() - view.startedAt));
  // <Static> prints each item once: the header waits for run_start, or it would stay empty (the TUI mounts before it).
  const staticItems: Array<{ key: string; iteration?: IterationView }> =
    view.runId === null
      ? []
      : [{ key: 'header' }, ...finished.map((iteration) => ({ key: `turn-${iteration.iteration}`, iteration }))];

  return (
    <Box flexDirection="column">
      <Static items={staticItems}>
        {(item) =>
          item.iteration ? (
            <IterationBlock
              key={item.key}
              view={view}
              iteration={item.iteration}
              maxIterations={maxIterations}
              fullProse={fullProse}
              options={{ ...options, animate: false }}
            />
          ) : (
            <Header key={item.key} view={view} context={context} />
          )
        }
      </Static>
      {/* Never taller than the terminal: a frame that fills it makes ink redraw everything into the scrollback. */}
      <Box
        flexDirection="column"
        justifyContent="flex-end"
        overflowY="hidden"
        maxHeight={view.stopReason === null ? layout.turnRows : undefined}
        flexShrink={0}
      >
        {live.map((iteration) => (
          <IterationBlock
            key={iteration.iteration}
            view={view}
            iteration={iteration}
            maxIterations={maxIterations}
            fullProse={fullProse}
            options={options}
          />
        ))}
      </Box>
      {running && <RetryLine view={view} />}
      {quit && view.stopReason === null && (
        <Text color={theme.fail}>✗ Quit before the run finished: calls and cells were left unfinished.</Text>
      )}
      <AnswerBox view={view} logFile={logFile} />
      <CostMeter view={view} elapsedMs={elapsed} />
      {isRawModeSupported && running && (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {anyExpanded
            ? 'q: cancel · e: collapse · ↑↓ PgUp PgDn: scroll the list · v: full prose'
            : 'q: cancel · e: expand batch · v: full prose'}
        </Text>
      )}
    </Box>
  );
}
