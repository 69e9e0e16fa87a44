import { Box, Static, Text, useAnimation, useInput, useStdin } from 'ink';
import { useRef, useState } from 'react';
import { useRunView, type EventSource } from '../hooks/use-run-view.ts';
import type { IterationView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { AnswerBox } from './answer-box.tsx';
import { CostMeter } from './cost-meter.tsx';
import { Header, type ContextInfo } from './header.tsx';
import { IterationBlock } from './iteration-block.tsx';

export interface RunAppProps {
  source: EventSource;
  context?: ContextInfo | undefined;
  logFile?: string | null;
  /** First q / Ctrl-C: cancel the run; second: quit at once. */
  onAbort?: () => void;
  onForceQuit?: () => void;
  /** Re-renders per second at most. */
  fps?: number;
  /** Spinners and the elapsed clock tick; off in tests for stable frames. */
  animate?: boolean;
  now?: () => number;
}

/** The live view of a run: finished turns scroll away in <Static>, the current turn and the meter stay live. */
export function RunApp({
  source,
  context,
  logFile = null,
  onAbort,
  onForceQuit,
  fps = 10,
  animate = true,
  now = Date.now,
}: RunAppProps) {
  const theme = useTheme();
  const view = useRunView(source, fps);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [fullProse, setFullProse] = useState(false);
  const interrupts = useRef(0);
  const { isRawModeSupported } = useStdin();
  useAnimation({ interval: 500, isActive: animate && view.stopReason === null });

  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        interrupts.current += 1;
        if (interrupts.current === 1) onAbort?.();
        else onForceQuit?.();
      } else if (input === 'e') {
        const latest = Object.keys(view.batches).at(-1);
        if (!latest) return;
        setExpanded((current) => {
          const next = new Set(current);
          if (next.has(latest)) next.delete(latest);
          else next.add(latest);
          return next;
        });
      } else if (input === 'v') {
        setFullProse((value) => !value);
      }
    },
    { isActive: Boolean(isRawModeSupported) },
  );

  const root = view.rlms.r0;
  const maxIterations = view.limits?.maxIterations ?? 0;
  const finished = root?.iterations.filter((iteration) => iteration.done) ?? [];
  const live = root?.iterations.filter((iteration) => !iteration.done) ?? [];
  const options = { expandedBatches: expanded, animate };
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
              options={options}
            />
          ) : (
            <Header key={item.key} view={view} context={context} />
          )
        }
      </Static>
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
      <AnswerBox view={view} logFile={logFile} />
      <CostMeter view={view} elapsedMs={elapsed} />
      {isRawModeSupported && view.stopReason === null && (
        <Text dimColor={theme.dim}>q: cancel · e: expand batch · v: full prose</Text>
      )}
    </Box>
  );
}
