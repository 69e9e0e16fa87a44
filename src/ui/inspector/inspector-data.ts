import {
  summarizeTrajectory,
  type LogHeader,
  type RlmEvent,
  type RlmEventOf,
  type TrajectorySummary,
} from '../../engine/index.ts';
import { foldEvents } from '../state/reducer.ts';
import type { IterationView, RlmView, RunView, SubcallView } from '../state/run-state.ts';

/** One LM call as the log recorded it: the exact request and, unless the log stops first, its result. */
export interface CallRecord {
  start: RlmEventOf<'llm_call_start'>;
  end: RlmEventOf<'llm_call_end'> | null;
}

/**
 * Everything the inspector shows, indexed once: the folded view (iterations, cells, labels, sub-calls) plus what
 * the live view leaves out — the exact requests, full untruncated cell outputs, and usage by depth and model.
 */
export interface InspectorData {
  file: string;
  header: LogHeader | null;
  partial: boolean;
  view: RunView;
  summary: TrajectorySummary;
  calls: Map<string, CallRecord>;
  /** `rlmId:iteration` → the root (and final-answer) calls made in that iteration, in order. */
  iterationCalls: Map<string, string[]>;
  /** Sub-call id → the LM calls that carried it out (plain `llm_query`s). */
  subcallCalls: Map<string, string[]>;
  /** `rlmId:iteration:cell` → the cell's repl_output. */
  outputs: Map<string, RlmEventOf<'repl_output'>>;
}

export const iterationKey = (rlmId: string, iteration: number) => `${rlmId}:${iteration}`;
export const cellKey = (rlmId: string, iteration: number, index: number) => `${rlmId}:${iteration}:${index}`;

export function buildInspectorData(input: {
  file: string;
  header: LogHeader | null;
  events: RlmEvent[];
  partial: boolean;
}): InspectorData {
  const calls = new Map<string, CallRecord>();
  const iterationCalls = new Map<string, string[]>();
  const subcallCalls = new Map<string, string[]>();
  const outputs = new Map<string, RlmEventOf<'repl_output'>>();
  const currentIteration = new Map<string, number>();
  const push = (map: Map<string, string[]>, key: string, value: string) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  for (const event of input.events) {
    if (event.type === 'iteration_start') currentIteration.set(event.rlmId, event.iteration);
    else if (event.type === 'llm_call_start') {
      calls.set(event.callId, { start: event, end: null });
      if (event.purpose === 'sub' && event.parentId) push(subcallCalls, event.parentId, event.callId);
      else if (event.purpose !== 'sub')
        push(iterationCalls, iterationKey(event.rlmId, currentIteration.get(event.rlmId) ?? 0), event.callId);
    } else if (event.type === 'llm_call_end') {
      const record = calls.get(event.callId);
      if (record) record.end = event;
    } else if (event.type === 'repl_output') outputs.set(cellKey(event.rlmId, event.iteration, event.index), event);
  }
  return {
    file: input.file,
    header: input.header,
    partial: input.partial,
    view: foldEvents(input.events),
    summary: summarizeTrajectory(input.events),
    calls,
    iterationCalls,
    subcallCalls,
    outputs,
  };
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
