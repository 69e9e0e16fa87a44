import type { RlmEvent, RlmEventOf } from '../events.ts';
import { ZERO_USAGE } from '../usage/usage.ts';
import { labelCell, labelsFromCode } from './cell-labels.ts';
import { Draft } from './draft.ts';
import { foldCallEvent } from './fold-calls.ts';
import { keyIn, ownCell, ownIteration, ownIterationAt, ownRlm, ownSubcall, put } from './index-paths.ts';
import type { IterationNode, RlmNode, SubcallNode, TrajectoryIndex } from './trajectory-types.ts';

export { keyIn };

export function emptyTrajectory(): TrajectoryIndex {
  return {
    questions: [],
    rlms: {},
    subcalls: {},
    batches: {},
    calls: new Map(),
    tools: {},
    usage: ZERO_USAGE,
    costUsd: 0,
    callsQueued: 0,
    callsRetrying: 0,
    callsSent: 0,
    lastRetry: null,
    maxDepthSeen: 0,
    budgetWarnings: [],
    events: 0,
    firstTs: null,
    lastTs: null,
  };
}

/**
 * Folds events into an index, in order. Usable incrementally (the live view folds each batch it buffered onto
 * the previous index) and offline (a whole log at once): both give the same index. `from` stays untouched;
 * extra fields of a T that extends the index (the UI's view) are carried over.
 */
export function foldTrajectory<T extends TrajectoryIndex>(from: T, events: Iterable<RlmEvent>): T {
  const draft = new Draft();
  const index = draft.own(from);
  for (const event of events) applyTrajectoryEvent(draft, index, event);
  return index;
}

/** The index of a whole log. */
export function indexTrajectory(events: Iterable<RlmEvent>): TrajectoryIndex {
  return foldTrajectory(emptyTrajectory(), events);
}

/** One event into an index that `draft` owns (see foldTrajectory); for folds that add their own fields. */
export function applyTrajectoryEvent(draft: Draft, index: TrajectoryIndex, event: RlmEvent): void {
  index.events += 1;
  index.firstTs ??= event.ts;
  index.lastTs = Math.max(index.lastTs ?? event.ts, event.ts);
  index.maxDepthSeen = Math.max(index.maxDepthSeen, event.depth);
  if (event.type === 'run_start' && event.depth === 0) return startQuestion(draft, index, event);
  const rlmKey = keyIn(index, event.rlmId);
  switch (event.type) {
    case 'iteration_start': {
      const rlm = ensureRlm(draft, index, event, rlmKey);
      rlm.iterations = draft.own(rlm.iterations);
      rlm.iterations.push(newIteration(event));
      return;
    }
    case 'iteration_end': {
      const iteration = ownIteration(draft, index, rlmKey, event.iteration);
      if (!iteration) return;
      iteration.done = true;
      iteration.endedAt = event.ts;
      if (event.variables) iteration.variables = event.variables;
      return;
    }
    case 'code_block': {
      const iteration = ownIteration(draft, index, rlmKey, event.iteration);
      if (!iteration) return;
      const codeLabels = labelsFromCode(event.code);
      iteration.cells = draft.own(iteration.cells);
      iteration.cells.push({
        index: event.index,
        code: event.code,
        language: event.language,
        codeLabels,
        labels: labelCell(codeLabels, []),
        status: 'running',
        output: null,
        omittedChars: 0,
        errorMessage: null,
        error: null,
        cancelled: false,
        sessionReset: false,
        durationMs: null,
        subcallIds: [],
        batchIds: [],
        toolCallIds: [],
        result: null,
      });
      return;
    }
    case 'repl_output': {
      const cell = ownCell(draft, index, rlmKey, event.iteration, event.index);
      if (!cell) return;
      // A cell stopped by cancelling shows what it printed, without the restart note meant for the model.
      const cancelled = event.error?.kind === 'aborted';
      cell.status = event.ok ? 'ok' : 'error';
      cell.output = cancelled ? event.output : event.modelOutput;
      cell.omittedChars = cancelled ? 0 : event.omittedChars;
      cell.errorMessage = event.error ? event.error.message : null;
      cell.error = event.error;
      cell.cancelled = cancelled;
      cell.sessionReset = event.sessionReset && !cancelled;
      cell.durationMs = event.durationMs;
      cell.result = event;
      return;
    }
    case 'subcall_start':
      return startSubcall(draft, index, event, rlmKey);
    case 'subcall_end': {
      const subcall = ownSubcall(draft, index, keyIn(index, event.subcallId));
      if (!subcall) return;
      subcall.status = event.ok ? 'done' : 'failed';
      // An llm_query's latency is its request's (set at llm_call_end); an rlm_query's is the child run's.
      if (subcall.mode === 'rlm' || subcall.callPhase === null) subcall.latencyMs = event.latencyMs;
      subcall.response = event.ok ? event.response : null;
      subcall.error = event.error;
      return;
    }
    case 'tool_call_start': {
      put(draft, index, 'tools', keyIn(index, event.toolCallId), {
        toolCallId: event.toolCallId,
        rlmId: rlmKey,
        name: event.name,
        input: event.input,
        iteration: event.iteration,
        blockIndex: event.blockIndex,
        status: 'running',
        output: null,
        error: null,
        durationMs: null,
      });
      const cell = ownCell(draft, index, rlmKey, event.iteration, event.blockIndex);
      if (cell) cell.toolCallIds = [...cell.toolCallIds, keyIn(index, event.toolCallId)];
      return;
    }
    case 'tool_call_end': {
      const key = keyIn(index, event.toolCallId);
      const current = index.tools[key];
      if (!current) return;
      put(draft, index, 'tools', key, {
        ...current,
        status: event.ok ? 'done' : 'failed',
        output: event.output,
        error: event.error,
        durationMs: event.durationMs,
      });
      return;
    }
    case 'compaction': {
      const iteration = ownIteration(draft, index, rlmKey, event.iteration);
      if (!iteration) return;
      const { type: _type, runId: _run, rlmId: _rlm, parentId: _parent, depth: _depth, ...compaction } = event;
      iteration.compactions = [...iteration.compactions, compaction];
      return;
    }
    case 'budget_warning':
      index.budgetWarnings = [...index.budgetWarnings, { limit: event.limit, used: event.used, max: event.max }];
      return;
    case 'final': {
      const rlm = ensureRlm(draft, index, event, rlmKey);
      rlm.answer = event.answer;
      const position = rlm.iterations.length - 1;
      const iteration = position >= 0 ? ownIterationAt(draft, index, rlmKey, position) : undefined;
      if (iteration) iteration.final = { answer: event.answer, source: event.source };
      return;
    }
    case 'error': {
      const rlm = ownRlm(draft, index, rlmKey);
      if (rlm) rlm.error = { code: event.code, message: event.message };
      if (event.depth === 0) updateQuestion(draft, index, { error: { code: event.code, message: event.message } });
      return;
    }
    case 'run_end':
      if (event.depth !== 0) return;
      // Whatever never reported an end (a cancelled run) is no longer in flight.
      index.callsQueued = 0;
      index.callsRetrying = 0;
      index.callsSent = 0;
      index.lastRetry = null;
      updateQuestion(draft, index, {
        answer: event.answer,
        stopReason: event.stopReason,
        durationMs: event.durationMs,
        end: event,
        ...(event.error ? { error: event.error } : {}),
      });
      return;
    default:
      foldCallEvent(draft, index, event, rlmKey);
  }
}

function startQuestion(draft: Draft, index: TrajectoryIndex, event: RlmEventOf<'run_start'>): void {
  index.questions = [
    ...index.questions,
    {
      runId: event.runId,
      sessionId: event.sessionId ?? null,
      questionIndex: event.questionIndex ?? index.questions.length + 1,
      question: event.question,
      model: event.model,
      subModel: event.subModel,
      context: event.context,
      limits: event.limits,
      startedAt: event.ts,
      rootRlmId: '',
      answer: null,
      stopReason: null,
      error: null,
      durationMs: null,
      end: null,
    },
  ];
  const rootKey = keyIn(index, event.rlmId);
  updateQuestion(draft, index, { rootRlmId: rootKey });
  ensureRlm(draft, index, event, rootKey);
}

function updateQuestion(draft: Draft, index: TrajectoryIndex, patch: Partial<TrajectoryIndex['questions'][number]>) {
  const last = index.questions.length - 1;
  const current = index.questions[last];
  if (!current) return;
  index.questions = draft.own(index.questions);
  index.questions[last] = { ...current, ...patch };
}

/** An RLM is known from its first iteration (or its root's run_start); a child's links it to its rlm_query. */
function ensureRlm(draft: Draft, index: TrajectoryIndex, event: RlmEvent, key: string): RlmNode {
  const existing = ownRlm(draft, index, key);
  if (existing) return existing;
  const parentKey = event.parentId === null ? null : keyIn(index, event.parentId);
  const rlm: RlmNode = draft.fresh({
    rlmId: event.rlmId,
    depth: event.depth,
    parentSubcallId: parentKey,
    question: Math.max(0, index.questions.length - 1),
    iterations: [],
    answer: null,
    error: null,
  });
  put(draft, index, 'rlms', key, rlm);
  const linked = parentKey === null ? undefined : ownSubcall(draft, index, parentKey);
  if (linked) linked.childRlmId = key;
  return rlm;
}

function newIteration(event: RlmEventOf<'iteration_start'>): IterationNode {
  return {
    rlmId: event.rlmId,
    iteration: event.iteration,
    reply: '',
    cells: [],
    done: false,
    usage: ZERO_USAGE,
    costUsd: 0,
    callIds: [],
    startedAt: event.ts,
    endedAt: null,
    final: null,
    variables: null,
    compactions: [],
  };
}

function startSubcall(draft: Draft, index: TrajectoryIndex, event: RlmEventOf<'subcall_start'>, rlmKey: string) {
  const key = keyIn(index, event.subcallId);
  const subcall: SubcallNode = {
    id: key,
    rlmId: rlmKey,
    kind: event.kind,
    mode: event.mode,
    model: event.model,
    prompt: event.prompt,
    depth: event.depth,
    iteration: event.iteration,
    blockIndex: event.blockIndex,
    batchId: event.batchId === null ? null : keyIn(index, event.batchId),
    batchIndex: event.batchIndex,
    status: 'running',
    callPhase: null,
    startedAt: event.ts,
    latencyMs: null,
    retries: 0,
    cached: false,
    usage: ZERO_USAGE,
    costUsd: 0,
    response: null,
    error: null,
    childRlmId: null,
    callIds: [],
  };
  put(draft, index, 'subcalls', key, draft.fresh(subcall));
  if (subcall.batchId !== null) {
    const members = index.batches[subcall.batchId];
    put(draft, index, 'batches', subcall.batchId, members ? draft.own(members) : draft.fresh([]));
    index.batches[subcall.batchId]?.push(key);
  }
  const cell = ownCell(draft, index, rlmKey, event.iteration, event.blockIndex);
  if (!cell) return;
  if (subcall.batchId !== null && !cell.batchIds.includes(subcall.batchId))
    cell.batchIds = [...cell.batchIds, subcall.batchId];
  cell.subcallIds = draft.own(cell.subcallIds);
  cell.subcallIds.push(key);
  if (!cell.labels.includes(labelFor(subcall)))
    cell.labels = labelCell(
      cell.labels.filter((label) => label !== 'compute'),
      [subcall],
    );
}

const labelFor = (subcall: SubcallNode) => (subcall.mode === 'rlm' ? 'recurse' : subcall.batchId ? 'map' : 'sub-call');
