import { Box } from 'ink';
import { useEffect, useRef } from 'react';
import { AnswerBox } from '../components/answer-box.tsx';
import { CostMeter } from '../components/cost-meter.tsx';
import { IterationBlock } from '../components/iteration-block.tsx';
import { RetryLine } from '../components/retry-line.tsx';
import { useRunView, type EventSource } from '../hooks/use-run-view.ts';
import type { IterationView, RunView } from '../state/run-state.ts';

export interface QuestionLiveProps {
  source: EventSource;
  /** A root turn finished: it moves to the transcript above (printed once). */
  onTurn: (view: RunView, iteration: IterationView) => void;
  /** The question's run ended. */
  onEnd: (view: RunView) => void;
  fps?: number;
  now?: () => number;
}

/** The running question as `rlm ask` shows it: the live turn, retries and the meter; finished turns go above. */
export function QuestionLive({ source, onTurn, onEnd, fps = 10, now = Date.now }: QuestionLiveProps) {
  const view = useRunView(source, fps);
  const reported = useRef(0);
  const ended = useRef(false);
  const iterations = view.rlms.r0?.iterations ?? [];
  const finished = iterations.filter((iteration) => iteration.done);
  useEffect(() => {
    for (const iteration of finished.slice(reported.current)) onTurn(view, iteration);
    reported.current = finished.length;
    if (view.stopReason !== null && !ended.current) {
      ended.current = true;
      onEnd(view);
    }
  });
  const live = iterations.filter((iteration) => !iteration.done);
  const maxIterations = view.limits?.maxIterations ?? 0;
  const elapsed = view.durationMs ?? (view.startedAt === null ? 0 : Math.max(0, now() - view.startedAt));
  if (view.stopReason !== null) return null;
  return (
    <Box flexDirection="column">
      {live.map((iteration) => (
        <IterationBlock
          key={iteration.iteration}
          view={view}
          iteration={iteration}
          maxIterations={maxIterations}
          fullProse={false}
          options={{ expandedBatches: new Set(), animate: false, listRows: 8, listOffset: 0 }}
        />
      ))}
      <RetryLine view={view} />
      <CostMeter view={view} elapsedMs={elapsed} />
    </Box>
  );
}

/** A finished question's answer, as it stays in the transcript. */
export function FinishedAnswer({ view }: { view: RunView }) {
  return <AnswerBox view={view} logFile={null} />;
}
