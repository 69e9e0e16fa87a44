import {
  emptyTrajectory,
  ZERO_USAGE,
  type CellNode,
  type ContextSummary,
  type IterationNode,
  type RlmEventOf,
  type RlmNode,
  type StopReason,
  type SubcallNode,
  type TrajectoryIndex,
} from '../../engine/internal-view.ts';

export type { CallPhase, CallStatus, CellLabel, RetryView } from '../../engine/internal-view.ts';

// The view's nodes are the trajectory index's own (src/engine/trajectory): one source for every reader.
export type SubcallView = SubcallNode;
export type CellView = CellNode;
export type IterationView = IterationNode;
export type RlmView = RlmNode;

/** The live view: the trajectory index plus what the screen shows about the current question. */
export interface RunView extends TrajectoryIndex {
  runId: string | null;
  /** Key of the current question's root RLM in `rlms` (`r0`; a session's later questions have their own). */
  rootRlmId: string;
  question: string;
  model: string;
  subModel: string;
  context: ContextSummary | null;
  limits: RlmEventOf<'run_start'>['limits'] | null;
  startedAt: number | null;
  /** Latest event time: the UI's clock, so replays and tests render deterministically. */
  now: number;
  /** Model calls started and not yet ended: queued, sent and waiting to retry. */
  callsInFlight: number;
  warnings: string[];
  answer: string | null;
  stopReason: StopReason | null;
  error: { code: string; message: string } | null;
  durationMs: number | null;
}

export const EMPTY_USAGE = ZERO_USAGE;

export function initialRunView(): RunView {
  return {
    ...emptyTrajectory(),
    runId: null,
    rootRlmId: 'r0',
    question: '',
    model: '',
    subModel: '',
    context: null,
    limits: null,
    startedAt: null,
    now: 0,
    callsInFlight: 0,
    warnings: [],
    answer: null,
    stopReason: null,
    error: null,
    durationMs: null,
  };
}
