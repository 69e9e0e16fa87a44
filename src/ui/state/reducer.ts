import { applyTrajectoryEvent, Draft, type RlmEvent } from '../../engine/internal-view.ts';
import { initialRunView, type RunView } from './run-state.ts';

/**
 * The live view as a pure fold over engine events: the trajectory index (src/engine/trajectory) does the
 * structure, this adds what the screen shows about the current question. The TUI, its tests and the inspector
 * all derive what they show from `foldEvents(events)`.
 */
export function reduceRunView(state: RunView, event: RlmEvent): RunView {
  return foldEvents([event], state);
}

/**
 * Folds a whole event log, or the batch the TUI buffered, onto `from` (left untouched). Same result as reducing
 * event by event, but each touched record is copied once per batch instead of once per event.
 */
export function foldEvents(events: RlmEvent[], from: RunView = initialRunView()): RunView {
  const draft = new Draft();
  const view = draft.own(from);
  for (const event of events) {
    applyTrajectoryEvent(draft, view, event);
    applyViewEvent(view, event);
  }
  return view;
}

function applyViewEvent(view: RunView, event: RlmEvent): void {
  view.now = Math.max(view.now, event.ts);
  view.callsInFlight = view.callsQueued + view.callsRetrying + view.callsSent;
  if (event.type === 'budget_warning')
    view.warnings = [...view.warnings, `${event.limit} at ${Math.round((event.used / event.max) * 100)}%`];
  if (event.depth > 0) return;
  if (event.type === 'run_start') {
    // A session's next question starts a fresh screen state; the index keeps the earlier ones.
    Object.assign(view, {
      runId: event.runId,
      rootRlmId: view.questions.at(-1)?.rootRlmId ?? 'r0',
      question: event.question,
      model: event.model,
      subModel: event.subModel,
      context: event.context,
      limits: event.limits,
      startedAt: event.ts,
      answer: null,
      stopReason: null,
      error: null,
      durationMs: null,
    });
  } else if (event.type === 'error') {
    view.error = { code: event.code, message: event.message };
  } else if (event.type === 'run_end') {
    view.answer = event.answer;
    view.stopReason = event.stopReason;
    view.durationMs = event.durationMs;
    view.error = event.error ?? view.error;
  }
}
