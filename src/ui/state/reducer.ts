import type { RlmEvent, Usage } from '../../engine/index.ts';
import { labelCell, labelsFromCode } from './cell-labels.ts';
import { EMPTY_USAGE, initialRunView, type CellView, type IterationView, type RlmView, type RunView, type SubcallView } from './run-state.ts';

const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
  reasoningTokens: a.reasoningTokens + b.reasoningTokens,
});
const addCost = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/**
 * Every rule of the live view, as a pure fold over engine events: the TUI, its tests and the inspector all
 * derive what they show from `events.reduce(reduceRunView, initialRunView())`.
 */
export function reduceRunView(state: RunView, event: RlmEvent): RunView {
  const next: RunView = { ...state, now: Math.max(state.now, event.ts), maxDepthSeen: Math.max(state.maxDepthSeen, event.depth) };
  switch (event.type) {
    case 'run_start':
      if (event.depth > 0) return next;
      return {
        ...next,
        runId: event.runId,
        question: event.question,
        model: event.model,
        subModel: event.subModel,
        context: event.context,
        limits: event.limits,
        startedAt: event.ts,
        rlms: { ...next.rlms, r0: ensureRlm(next.rlms.r0, 'r0', 0, null) },
      };
    case 'iteration_start':
      return updateRlm(next, event.rlmId, event.depth, event.parentId, (rlm) => ({
        ...rlm,
        iterations: [...rlm.iterations, { rlmId: event.rlmId, iteration: event.iteration, reply: '', cells: [], done: false, usage: EMPTY_USAGE, costUsd: 0 }],
      }));
    case 'iteration_end':
      return updateIteration(next, event.rlmId, event.iteration, (iteration) => ({ ...iteration, done: true }));
    case 'llm_call_start': {
      const owner = event.purpose === 'sub' ? { subcallId: event.parentId, rlmId: event.rlmId, iteration: 0 } : { subcallId: null, rlmId: event.rlmId, iteration: lastIteration(next, event.rlmId) };
      return { ...next, callsInFlight: next.callsInFlight + 1, callOwners: { ...next.callOwners, [event.callId]: owner } };
    }
    case 'llm_call_delta': {
      const owner = next.callOwners[event.callId];
      if (!owner || owner.subcallId !== null) return next;
      return updateIteration(next, owner.rlmId, owner.iteration, (iteration) => ({ ...iteration, reply: iteration.reply + event.text }));
    }
    case 'llm_call_retry': {
      const owner = next.callOwners[event.callId];
      if (!owner?.subcallId) return next;
      return updateSubcall(next, owner.subcallId, (subcall) => ({ ...subcall, retries: event.attempt }));
    }
    case 'llm_call_end': {
      const owner = next.callOwners[event.callId];
      let updated: RunView = { ...next, callsInFlight: Math.max(0, next.callsInFlight - 1), usage: addUsage(next.usage, event.usage), costUsd: addCost(next.costUsd, event.costUsd) };
      if (owner?.subcallId) {
        updated = updateSubcall(updated, owner.subcallId, (subcall) => ({
          ...subcall,
          usage: addUsage(subcall.usage, event.usage),
          costUsd: addCost(subcall.costUsd, event.costUsd),
          retries: Math.max(subcall.retries, event.retries),
          cached: subcall.cached || event.cached,
        }));
      } else if (owner) {
        updated = updateIteration(updated, owner.rlmId, owner.iteration, (iteration) => ({
          ...iteration,
          reply: event.ok ? event.text : iteration.reply,
          usage: addUsage(iteration.usage, event.usage),
          costUsd: addCost(iteration.costUsd, event.costUsd),
        }));
      }
      return updated;
    }
    case 'code_block':
      return updateIteration(next, event.rlmId, event.iteration, (iteration) => ({
        ...iteration,
        cells: [
          ...iteration.cells,
          { index: event.index, code: event.code, language: event.language, codeLabels: labelsFromCode(event.code), labels: labelCell(labelsFromCode(event.code), []), status: 'running', output: null, omittedChars: 0, errorMessage: null, sessionReset: false, durationMs: null, subcallIds: [], batchIds: [] },
        ],
      }));
    case 'repl_output':
      return updateCell(next, event.rlmId, event.iteration, event.index, (cell) => ({
        ...cell,
        status: event.ok ? 'ok' : 'error',
        output: event.modelOutput,
        omittedChars: event.omittedChars,
        errorMessage: event.error ? event.error.message : null,
        sessionReset: event.sessionReset,
        durationMs: event.durationMs,
      }));
    case 'subcall_start': {
      const subcall: SubcallView = {
        id: event.subcallId,
        rlmId: event.rlmId,
        kind: event.kind,
        mode: event.mode,
        model: event.model,
        prompt: event.prompt,
        depth: event.depth,
        iteration: event.iteration,
        blockIndex: event.blockIndex,
        batchId: event.batchId,
        status: 'running',
        startedAt: event.ts,
        latencyMs: null,
        retries: 0,
        cached: false,
        usage: EMPTY_USAGE,
        costUsd: 0,
        response: null,
        error: null,
        childRlmId: null,
      };
      let updated: RunView = { ...next, subcalls: { ...next.subcalls, [subcall.id]: subcall } };
      if (event.batchId) updated = { ...updated, batches: { ...updated.batches, [event.batchId]: [...(updated.batches[event.batchId] ?? []), subcall.id] } };
      return updateCell(updated, event.rlmId, event.iteration, event.blockIndex, (cell) => {
        const batchIds = event.batchId && !cell.batchIds.includes(event.batchId) ? [...cell.batchIds, event.batchId] : cell.batchIds;
        const subcallIds = [...cell.subcallIds, subcall.id];
        return { ...cell, subcallIds, batchIds, labels: labelCell(cell.labels.filter((label) => label !== 'compute'), [subcall]) };
      });
    }
    case 'subcall_end':
      return updateSubcall(next, event.subcallId, (subcall) => ({
        ...subcall,
        status: event.ok ? 'done' : 'failed',
        latencyMs: event.latencyMs,
        response: event.ok ? event.response : null,
        error: event.error,
      }));
    case 'budget_warning':
      return { ...next, warnings: [...next.warnings, `${event.limit} at ${Math.round((event.used / event.max) * 100)}%`] };
    case 'final':
      return updateRlm(next, event.rlmId, event.depth, event.parentId, (rlm) => ({ ...rlm, answer: event.answer }));
    case 'error':
      return event.depth === 0 ? { ...next, error: { code: event.code, message: event.message } } : next;
    case 'run_end':
      if (event.depth > 0) return next;
      return { ...next, answer: event.answer, stopReason: event.stopReason, durationMs: event.durationMs, error: event.error ?? next.error, callsInFlight: 0 };
    default:
      return next;
  }
}

/** Folds a whole event log. */
export function foldEvents(events: RlmEvent[], from: RunView = initialRunView()): RunView {
  return events.reduce(reduceRunView, from);
}

function ensureRlm(existing: RlmView | undefined, rlmId: string, depth: number, parentSubcallId: string | null): RlmView {
  return existing ?? { rlmId, depth, parentSubcallId, iterations: [], answer: null };
}

function lastIteration(state: RunView, rlmId: string): number {
  return state.rlms[rlmId]?.iterations.at(-1)?.iteration ?? 0;
}

function updateRlm(state: RunView, rlmId: string, depth: number, parentId: string | null, update: (rlm: RlmView) => RlmView): RunView {
  const existing = state.rlms[rlmId];
  const rlm = update(ensureRlm(existing, rlmId, depth, parentId));
  let subcalls = state.subcalls;
  // A child RLM's first event links it to the rlm_query that started it.
  if (!existing && parentId && subcalls[parentId]) subcalls = { ...subcalls, [parentId]: { ...(subcalls[parentId] as SubcallView), childRlmId: rlmId } };
  return { ...state, subcalls, rlms: { ...state.rlms, [rlmId]: rlm } };
}

function updateIteration(state: RunView, rlmId: string, iteration: number, update: (view: IterationView) => IterationView): RunView {
  const rlm = state.rlms[rlmId];
  if (!rlm) return state;
  const index = rlm.iterations.findLastIndex((candidate) => candidate.iteration === iteration);
  const current = rlm.iterations[index];
  if (!current) return state;
  const iterations = [...rlm.iterations];
  iterations[index] = update(current);
  return { ...state, rlms: { ...state.rlms, [rlmId]: { ...rlm, iterations } } };
}

function updateCell(state: RunView, rlmId: string, iteration: number, index: number, update: (cell: CellView) => CellView): RunView {
  return updateIteration(state, rlmId, iteration, (view) => {
    const position = view.cells.findIndex((cell) => cell.index === index);
    const current = view.cells[position];
    if (!current) return view;
    const cells = [...view.cells];
    cells[position] = update(current);
    return { ...view, cells };
  });
}

function updateSubcall(state: RunView, id: string, update: (subcall: SubcallView) => SubcallView): RunView {
  const current = state.subcalls[id];
  if (!current) return state;
  return { ...state, subcalls: { ...state.subcalls, [id]: update(current) } };
}
