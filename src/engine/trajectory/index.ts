// The trajectory index: one order-based fold over a run's events, read by the live view, the inspector,
// `rlm view`, the exports and replay.
export { Draft } from './draft.ts';
export { applyTrajectoryEvent, emptyTrajectory, foldTrajectory, indexTrajectory, keyIn } from './fold-trajectory.ts';
export {
  callsOfIteration,
  callsOfSubcall,
  callsWithin,
  childRlmOf,
  currentQuestion,
  replyCallOf,
  requestOf,
  rootRlmOf,
  subcallsOfCell,
  subcallsOfIteration,
} from './trajectory-queries.ts';
export { labelCell, labelsFromCode } from './cell-labels.ts';
export { summarizeTrajectory, type QuestionSummary, type TrajectorySummary } from './summary.ts';
export type {
  CallPhase,
  CallStatus,
  CellLabel,
  CellNode,
  FullRequest,
  IterationNode,
  LlmCallNode,
  QuestionNode,
  RetryView,
  RlmNode,
  SubcallNode,
  ToolCallNode,
  TrajectoryIndex,
} from './trajectory-types.ts';
export { splitQuestions } from './questions.ts';
