import { addCost, addUsage, type RlmEvent, type RlmEventOf, type Usage } from '../../engine/index.ts';
import { labelCell, labelsFromCode } from './cell-labels.ts';
import {
  EMPTY_USAGE,
  initialRunView,
  type CallPhase,
  type CellView,
  type IterationView,
  type RlmView,
  type RunView,
  type SubcallView,
} from './run-state.ts';

/**
 * Every rule of the live view, as a pure fold over engine events: the TUI, its tests and the inspector all
 * derive what they show from `events.reduce(reduceRunView, initialRunView())`.
 */
export function reduceRunView(state: RunView, event: RlmEvent): RunView {
  const next: RunView = {
    ...state,
    now: Math.max(state.now, event.ts),
    maxDepthSeen: Math.max(state.maxDepthSeen, event.depth),
  };
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
        iterations: [
          ...rlm.iterations,
          {
            rlmId: event.rlmId,
            iteration: event.iteration,
            reply: '',
            cells: [],
            done: false,
            usage: EMPTY_USAGE,
            costUsd: 0,
          },
        ],
      }));
    case 'iteration_end':
      return updateIteration(next, event.rlmId, event.iteration, (iteration) => ({ ...iteration, done: true }));
    case 'llm_call_start': {
      // Only root-model calls are looked up by id; a sub-call's own id is its parent id. Adding a key per sub-call
      // would copy an ever larger record on every start of a 1,000-call batch.
      const counted = { ...next, callsInFlight: next.callsInFlight + 1 };
      if (event.purpose === 'sub') {
        // Phases are kept on the sub-call record; a call without one is counted only as open.
        if (!event.parentId || !next.subcalls[event.parentId]) return counted;
        return setSubcallPhase(movePhase(counted, null, 'queued'), event.parentId, 'queued');
      }
      const opened = movePhase(counted, null, 'queued');
      const owner = {
        subcallId: null,
        rlmId: event.rlmId,
        iteration: lastIteration(next, event.rlmId),
        phase: 'queued' as const,
      };
      return { ...opened, callOwners: { ...opened.callOwners, [event.callId]: owner } };
    }
    case 'llm_call_sent': {
      const updated = setCallPhase(next, event, 'sent');
      return updated.lastRetry?.callId === event.callId ? { ...updated, lastRetry: null } : updated;
    }
    case 'llm_call_delta': {
      const owner = next.callOwners[event.callId];
      if (!owner) return next;
      return updateIteration(next, owner.rlmId, owner.iteration, (iteration) => ({
        ...iteration,
        reply: iteration.reply + event.text,
      }));
    }
    case 'llm_call_retry': {
      let updated = setCallPhase(next, event, 'retrying');
      updated = {
        ...updated,
        lastRetry: {
          callId: event.callId,
          attempt: event.attempt,
          delayMs: event.delayMs,
          reason: event.reason,
          ts: event.ts,
        },
      };
      if (updated.callOwners[event.callId] || !event.parentId) return updated;
      return updateSubcall(updated, event.parentId, (subcall) => ({ ...subcall, retries: event.attempt }));
    }
    case 'llm_call_end': {
      // Logs from before `llm_call_sent` have no `queuedMs`: their calls count as sent.
      const sent = callPhaseOf(next, event) !== 'queued' || (event as { queuedMs?: number }).queuedMs === undefined;
      const ended = setCallPhase(next, event, 'ended');
      const owner = ended.callOwners[event.callId];
      let updated: RunView = {
        ...ended,
        callsInFlight: Math.max(0, next.callsInFlight - 1),
        usage: addUsage(next.usage, event.usage),
        costUsd: addCost(next.costUsd, event.costUsd),
        lastRetry: ended.lastRetry?.callId === event.callId ? null : ended.lastRetry,
      };
      if (event.purpose === 'sub' && event.parentId) {
        updated = updateSubcall(updated, event.parentId, (subcall) => ({
          ...subcall,
          usage: addUsage(subcall.usage, event.usage),
          costUsd: addCost(subcall.costUsd, event.costUsd),
          retries: Math.max(subcall.retries, event.retries),
          cached: subcall.cached || event.cached,
          // The request's own time: a call that never left the queue has none.
          latencyMs: sent || event.cached ? event.latencyMs : subcall.latencyMs,
        }));
      } else if (owner) {
        updated = updateIteration(updated, owner.rlmId, owner.iteration, (iteration) => ({
          ...iteration,
          reply: event.ok ? event.text : iteration.reply,
          usage: addUsage(iteration.usage, event.usage),
          costUsd: addCost(iteration.costUsd, event.costUsd),
        }));
      }
      return chargeAncestors(updated, event.rlmId, event.usage, event.costUsd);
    }
    case 'code_block': {
      const codeLabels = labelsFromCode(event.code);
      return updateIteration(next, event.rlmId, event.iteration, (iteration) => ({
        ...iteration,
        cells: [
          ...iteration.cells,
          {
            index: event.index,
            code: event.code,
            language: event.language,
            codeLabels,
            labels: labelCell(codeLabels, []),
            status: 'running',
            output: null,
            omittedChars: 0,
            errorMessage: null,
            cancelled: false,
            sessionReset: false,
            durationMs: null,
            subcallIds: [],
            batchIds: [],
          },
        ],
      }));
    }
    case 'repl_output': {
      // A cell stopped by cancelling shows what it printed, without the restart note meant for the model.
      const cancelled = event.error?.kind === 'aborted';
      return updateCell(next, event.rlmId, event.iteration, event.index, (cell) => ({
        ...cell,
        status: event.ok ? 'ok' : 'error',
        output: cancelled ? event.output : event.modelOutput,
        omittedChars: cancelled ? 0 : event.omittedChars,
        errorMessage: event.error ? event.error.message : null,
        cancelled,
        sessionReset: event.sessionReset && !cancelled,
        durationMs: event.durationMs,
      }));
    }
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
        callPhase: null,
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
      let updated = withSubcall(next, subcall);
      if (event.batchId)
        updated = {
          ...updated,
          batches: { ...updated.batches, [event.batchId]: [...(updated.batches[event.batchId] ?? []), subcall.id] },
        };
      return updateCell(updated, event.rlmId, event.iteration, event.blockIndex, (cell) => {
        const batchIds =
          event.batchId && !cell.batchIds.includes(event.batchId) ? [...cell.batchIds, event.batchId] : cell.batchIds;
        const subcallIds = [...cell.subcallIds, subcall.id];
        return {
          ...cell,
          subcallIds,
          batchIds,
          labels: labelCell(
            cell.labels.filter((label) => label !== 'compute'),
            [subcall],
          ),
        };
      });
    }
    case 'subcall_end':
      return updateSubcall(next, event.subcallId, (subcall) => ({
        ...subcall,
        status: event.ok ? 'done' : 'failed',
        // An llm_query's latency is its request's (set at llm_call_end); an rlm_query's is the child run's.
        latencyMs: subcall.mode === 'llm' && subcall.callPhase !== null ? subcall.latencyMs : event.latencyMs,
        response: event.ok ? event.response : null,
        error: event.error,
      }));
    case 'budget_warning':
      return {
        ...next,
        warnings: [...next.warnings, `${event.limit} at ${Math.round((event.used / event.max) * 100)}%`],
      };
    case 'final':
      return updateRlm(next, event.rlmId, event.depth, event.parentId, (rlm) => ({ ...rlm, answer: event.answer }));
    case 'error':
      return event.depth === 0 ? { ...next, error: { code: event.code, message: event.message } } : next;
    case 'run_end':
      if (event.depth > 0) return next;
      return {
        ...next,
        answer: event.answer,
        stopReason: event.stopReason,
        durationMs: event.durationMs,
        error: event.error ?? next.error,
        callsInFlight: 0,
        callsQueued: 0,
        callsRetrying: 0,
        lastRetry: null,
      };
    default:
      return next;
  }
}

type CallEvent = RlmEventOf<'llm_call_sent'> | RlmEventOf<'llm_call_retry'> | RlmEventOf<'llm_call_end'>;

/** A call's phase: root-model calls are kept by id, an llm_query's on its sub-call (its parent). */
function callPhaseOf(state: RunView, event: CallEvent): CallPhase | null {
  const owner = state.callOwners[event.callId];
  if (owner) return owner.phase;
  return event.parentId ? (state.subcalls[event.parentId]?.callPhase ?? null) : null;
}

function setCallPhase(state: RunView, event: CallEvent, phase: CallPhase): RunView {
  const from = callPhaseOf(state, event);
  const owner = state.callOwners[event.callId];
  if (owner) {
    const moved = movePhase(state, from, phase);
    return { ...moved, callOwners: { ...moved.callOwners, [event.callId]: { ...owner, phase } } };
  }
  if (!event.parentId || !state.subcalls[event.parentId]) return state;
  return setSubcallPhase(movePhase(state, from, phase), event.parentId, phase);
}

function setSubcallPhase(state: RunView, subcallId: string, phase: CallPhase): RunView {
  return updateSubcall(state, subcallId, (subcall) => ({ ...subcall, callPhase: phase }));
}

/** Keeps the queued and retrying counts in step with one call's move between phases. */
function movePhase(state: RunView, from: CallPhase | null, to: CallPhase): RunView {
  const delta = (phase: CallPhase) => (to === phase ? 1 : 0) - (from === phase ? 1 : 0);
  return {
    ...state,
    callsQueued: Math.max(0, state.callsQueued + delta('queued')),
    callsRetrying: Math.max(0, state.callsRetrying + delta('retrying')),
  };
}

/** Sub-call records created during the running `foldEvents`: nobody else holds them yet, so they may be written in place. */
let draftSubcalls: WeakSet<object> | null = null;

/**
 * Folds a whole event log (or the batch the TUI buffered). Same result as reducing event by event, but the
 * sub-call record is copied once per fold instead of once per event: a 1,000-call batch would otherwise copy
 * a record of up to 1,000 entries about 4,000 times. `from` and everything reachable from it stay untouched.
 */
export function foldEvents(events: RlmEvent[], from: RunView = initialRunView()): RunView {
  const outer = draftSubcalls;
  draftSubcalls = new WeakSet();
  try {
    return events.reduce(reduceRunView, from);
  } finally {
    draftSubcalls = outer;
  }
}

/** The state with one sub-call added or replaced. */
function withSubcall(state: RunView, subcall: SubcallView): RunView {
  if (!draftSubcalls)
    return {
      ...state,
      subcalls: state.subcalls[subcall.id] ? replaced(state.subcalls, subcall) : added(state.subcalls, subcall),
    };
  let subcalls = state.subcalls;
  if (!draftSubcalls.has(subcalls)) {
    subcalls = { ...subcalls };
    draftSubcalls.add(subcalls);
  }
  subcalls[subcall.id] = subcall;
  return { ...state, subcalls };
}

// Two copies of one spread: V8 keeps the copy that replaces a key fast only while that site never adds keys.
const added = (subcalls: RunView['subcalls'], subcall: SubcallView) => ({ ...subcalls, [subcall.id]: subcall });
const replaced = (subcalls: RunView['subcalls'], subcall: SubcallView) => ({ ...subcalls, [subcall.id]: subcall });

function ensureRlm(
  existing: RlmView | undefined,
  rlmId: string,
  depth: number,
  parentSubcallId: string | null,
): RlmView {
  return existing ?? { rlmId, depth, parentSubcallId, iterations: [], answer: null };
}

function lastIteration(state: RunView, rlmId: string): number {
  return state.rlms[rlmId]?.iterations.at(-1)?.iteration ?? 0;
}

function updateRlm(
  state: RunView,
  rlmId: string,
  depth: number,
  parentId: string | null,
  update: (rlm: RlmView) => RlmView,
): RunView {
  const existing = state.rlms[rlmId];
  const rlm = update(ensureRlm(existing, rlmId, depth, parentId));
  const linked = state.subcalls[parentId ?? ''];
  // A child RLM's first event links it to the rlm_query that started it.
  const next = !existing && linked ? withSubcall(state, { ...linked, childRlmId: rlmId }) : state;
  return { ...next, rlms: { ...next.rlms, [rlmId]: rlm } };
}

function updateIteration(
  state: RunView,
  rlmId: string,
  iteration: number,
  update: (view: IterationView) => IterationView,
): RunView {
  const rlm = state.rlms[rlmId];
  if (!rlm) return state;
  const index = rlm.iterations.findLastIndex((candidate) => candidate.iteration === iteration);
  const current = rlm.iterations[index];
  if (!current) return state;
  const iterations = [...rlm.iterations];
  iterations[index] = update(current);
  return { ...state, rlms: { ...state.rlms, [rlmId]: { ...rlm, iterations } } };
}

function updateCell(
  state: RunView,
  rlmId: string,
  iteration: number,
  index: number,
  update: (cell: CellView) => CellView,
): RunView {
  return updateIteration(state, rlmId, iteration, (view) => {
    const position = view.cells.findIndex((cell) => cell.index === index);
    const current = view.cells[position];
    if (!current) return view;
    const cells = [...view.cells];
    cells[position] = update(current);
    return { ...view, cells };
  });
}

/** A call made inside a child RLM also counts toward the rlm_query that started it, and that one's ancestors. */
function chargeAncestors(state: RunView, rlmId: string, usage: Usage, costUsd: number | null): RunView {
  let next = state;
  let parent = state.rlms[rlmId]?.parentSubcallId ?? null;
  const seen = new Set<string>();
  while (parent !== null && !seen.has(parent)) {
    seen.add(parent);
    next = updateSubcall(next, parent, (subcall) => ({
      ...subcall,
      usage: addUsage(subcall.usage, usage),
      costUsd: addCost(subcall.costUsd, costUsd),
    }));
    parent = next.rlms[next.subcalls[parent]?.rlmId ?? '']?.parentSubcallId ?? null;
  }
  return next;
}

function updateSubcall(state: RunView, id: string, update: (subcall: SubcallView) => SubcallView): RunView {
  const current = state.subcalls[id];
  if (!current) return state;
  return withSubcall(state, update(current));
}
