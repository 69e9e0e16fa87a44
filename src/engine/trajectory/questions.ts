import type { RlmEvent } from '../events.ts';

/**
 * The questions of a log: each is a run, from its depth-0 `run_start` up to the next one. A session log (`rlm chat`)
 * holds several; a plain log one. Events before the first `run_start` (none in logs rlm writes) go with the first.
 */
export function splitQuestions(events: readonly RlmEvent[]): RlmEvent[][] {
  const questions: RlmEvent[][] = [];
  let current: RlmEvent[] = [];
  for (const event of events) {
    if (event.type === 'run_start' && event.depth === 0 && current.some((seen) => seen.type === 'run_start')) {
      questions.push(current);
      current = [];
    }
    current.push(event);
  }
  if (current.length > 0 || questions.length === 0) questions.push(current);
  return questions;
}
