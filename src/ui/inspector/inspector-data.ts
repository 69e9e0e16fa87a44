import { summarizeTrajectory, type LogHeader, type RlmEvent, type TrajectorySummary } from '../../engine/internal.ts';
import { foldEvents } from '../state/reducer.ts';
import type { IterationView, RlmView, RunView, SubcallView } from '../state/run-state.ts';

/**
 * Everything the inspector shows: the log folded once into the trajectory index (which the live view's state
 * extends). The index keeps what the live view leaves out too — every call's request and result, each cell's
 * full output — so the inspector reads nothing from the raw events.
 */
export interface InspectorData {
  file: string;
  header: LogHeader | null;
  partial: boolean;
  view: RunView;
  summary: TrajectorySummary;
}

export function buildInspectorData(input: {
  file: string;
  header: LogHeader | null;
  events: RlmEvent[];
  partial: boolean;
}): InspectorData {
  const view = foldEvents(input.events);
  return { file: input.file, header: input.header, partial: input.partial, view, summary: summarizeTrajectory(view) };
}

export function rlmOf(data: InspectorData, rlmId: string): RlmView | undefined {
  return data.view.rlms[rlmId];
}

export function iterationOf(data: InspectorData, rlmId: string, iteration: number): IterationView | undefined {
  return data.view.rlms[rlmId]?.iterations.find((candidate) => candidate.iteration === iteration);
}

export function subcallOf(data: InspectorData, id: string): SubcallView | undefined {
  return data.view.subcalls[id];
}

/** Every sub-call an iteration's cells made, in cell order. */
export function subcallsOfIteration(data: InspectorData, iteration: IterationView): SubcallView[] {
  return iteration.cells.flatMap((cell) =>
    cell.subcallIds.map((id) => data.view.subcalls[id]).filter((s): s is SubcallView => s !== undefined),
  );
}

/** Where a sub-call that started an RLM came from, for breadcrumbs and paths: null at the root. */
export function parentOfRlm(data: InspectorData, rlmId: string): SubcallView | null {
  const parentId = data.view.rlms[rlmId]?.parentSubcallId;
  return parentId ? (data.view.subcalls[parentId] ?? null) : null;
}
