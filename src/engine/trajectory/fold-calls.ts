import type { RlmEvent, RlmEventOf } from '../events.ts';
import { addCost, addUsage } from '../usage/usage.ts';
import type { Draft } from './draft.ts';
import { chargeUsage, keyIn, ownCall, ownIteration, ownIterationAt, ownSubcall, putCall } from './index-paths.ts';
import type { CallPhase, LlmCallNode, SubcallNode, TrajectoryIndex } from './trajectory-types.ts';

type CallEvent = RlmEventOf<'llm_call_start' | 'llm_call_sent' | 'llm_call_delta' | 'llm_call_retry' | 'llm_call_end'>;

/** The model-call events: queued → sent → (retrying → sent)* → done | failed, and where their usage goes. */
export function foldCallEvent(draft: Draft, index: TrajectoryIndex, event: RlmEvent, rlmKey: string): void {
  if (!isCallEvent(event)) return;
  if (event.type === 'llm_call_start') return startCall(draft, index, event, rlmKey);
  const key = keyIn(index, event.callId);
  const call = ownCall(draft, index, key);
  if (!call) return;
  const subcall =
    call.subcallId !== null && event.type !== 'llm_call_delta' ? ownSubcall(draft, index, call.subcallId) : undefined;
  if (subcall && !subcall.callIds.includes(key)) subcall.callIds = [...subcall.callIds, key];
  switch (event.type) {
    case 'llm_call_sent':
      call.attempt = event.attempt;
      call.sentAt ??= event.ts;
      setPhase(index, call, subcall, 'sent');
      if (index.lastRetry?.callId === event.callId) index.lastRetry = null;
      return;
    case 'llm_call_retry': {
      // A streamed reply that broke off is thrown away: the next attempt's text starts afresh.
      if (call.purpose === 'root' || call.purpose === 'final_answer') {
        const iteration = ownOwnerIteration(draft, index, call);
        if (iteration) iteration.reply = '';
      }
      call.retries = Math.max(call.retries, event.attempt);
      call.lastRetry = { attempt: event.attempt, delayMs: event.delayMs, reason: event.reason };
      setPhase(index, call, subcall, 'retrying');
      index.lastRetry = {
        callId: event.callId,
        attempt: event.attempt,
        delayMs: event.delayMs,
        reason: event.reason,
        ts: event.ts,
      };
      return;
    }
    case 'llm_call_delta': {
      if (call.purpose !== 'root' && call.purpose !== 'final_answer') return;
      const iteration = ownOwnerIteration(draft, index, call);
      if (iteration) iteration.reply += event.text;
      return;
    }
    case 'llm_call_end':
      return endCall(draft, index, call, subcall, event);
  }
}

function isCallEvent(event: RlmEvent): event is CallEvent {
  return (
    event.type === 'llm_call_start' ||
    event.type === 'llm_call_sent' ||
    event.type === 'llm_call_delta' ||
    event.type === 'llm_call_retry' ||
    event.type === 'llm_call_end'
  );
}

/**
 * The sub-call a model-call event belongs to. A plain sub-call's model call is reported by the RLM whose cell
 * made it, with the sub-call as parent; a child RLM's own calls have the sub-call as parent too, but their own
 * RLM id, and belong to that child.
 */
function subcallCarrying(index: TrajectoryIndex, event: CallEvent, rlmKey: string): string | null {
  if (event.parentId === null) return null;
  const key = keyIn(index, event.parentId);
  return index.subcalls[key]?.rlmId === rlmKey ? key : null;
}

function startCall(draft: Draft, index: TrajectoryIndex, event: RlmEventOf<'llm_call_start'>, rlmKey: string) {
  const key = keyIn(index, event.callId);
  const subcallId = event.purpose === 'sub' ? subcallCarrying(index, event, rlmKey) : null;
  // The RLM's own calls belong to the iteration it is in when it asks (event order, never time).
  const iterations = event.purpose === 'sub' ? undefined : index.rlms[rlmKey]?.iterations;
  const call: LlmCallNode = draft.fresh({
    key,
    callId: event.callId,
    rlmId: rlmKey,
    subcallId,
    parentKey: event.parentId === null ? null : keyIn(index, event.parentId),
    depth: event.depth,
    model: event.model,
    purpose: event.purpose,
    iteration: iterations?.at(-1)?.iteration ?? null,
    phase: 'queued',
    attempt: -1,
    retries: 0,
    lastRetry: null,
    queuedAt: event.ts,
    sentAt: null,
    extendsCallId: event.extendsCallId === undefined ? null : earlierCallKey(index, event.extendsCallId),
    start: event,
    end: null,
  });
  index.callsQueued += 1;
  putCall(draft, index, key, call);
  if (iterations && iterations.length > 0) {
    const iteration = ownIterationAt(draft, index, rlmKey, iterations.length - 1);
    if (iteration) iteration.callIds = [...iteration.callIds, key];
  }
}

function endCall(
  draft: Draft,
  index: TrajectoryIndex,
  call: LlmCallNode,
  subcall: SubcallNode | undefined,
  event: RlmEventOf<'llm_call_end'>,
) {
  // Logs from before `llm_call_sent` have no `queuedMs`: their calls count as sent.
  const sent = call.phase !== 'queued' || (event as { queuedMs?: number }).queuedMs === undefined;
  call.end = event;
  call.retries = Math.max(call.retries, event.retries);
  setPhase(index, call, subcall, 'ended');
  if (index.lastRetry?.callId === event.callId) index.lastRetry = null;
  if (subcall) {
    // The request's own time: a call that never left the queue has none.
    if (sent || event.cached) subcall.latencyMs = event.latencyMs;
    subcall.usage = addUsage(subcall.usage, event.usage);
    subcall.costUsd = addCost(subcall.costUsd, event.costUsd);
    subcall.cached = subcall.cached || event.cached;
  } else if (call.purpose !== 'sub') {
    const iteration = ownOwnerIteration(draft, index, call);
    if (iteration) {
      if (event.ok && call.purpose !== 'compaction') iteration.reply = event.text;
      iteration.usage = addUsage(iteration.usage, event.usage);
      iteration.costUsd = addCost(iteration.costUsd, event.costUsd);
    }
  }
  chargeUsage(draft, index, call.rlmId, event.usage, event.costUsd);
}

const COUNTS = { queued: 'callsQueued', retrying: 'callsRetrying', sent: 'callsSent', ended: null } as const;

/** Moves a call (and the sub-call it carries out) to a phase, keeping the queued / retrying / sent counts. */
function setPhase(index: TrajectoryIndex, call: LlmCallNode, subcall: SubcallNode | undefined, phase: CallPhase) {
  const before = COUNTS[call.phase];
  const after = COUNTS[phase];
  if (before) index[before] = Math.max(0, index[before] - 1);
  if (after) index[after] += 1;
  call.phase = phase;
  if (subcall) {
    subcall.callPhase = phase;
    subcall.retries = Math.max(subcall.retries, call.retries);
  }
}

function ownOwnerIteration(draft: Draft, index: TrajectoryIndex, call: LlmCallNode) {
  return call.iteration === null ? undefined : ownIteration(draft, index, call.rlmId, call.iteration);
}

/**
 * The key of an earlier call a request extends: in this question, or (a session's conversation goes on from one
 * question to the next) in the latest earlier question that has it.
 */
function earlierCallKey(index: TrajectoryIndex, callId: string): string {
  for (let question = Math.max(0, index.questions.length - 1); question >= 0; question -= 1) {
    const key = question === 0 ? callId : `q${question}:${callId}`;
    if (index.calls.has(key)) return key;
  }
  return keyIn(index, callId);
}
