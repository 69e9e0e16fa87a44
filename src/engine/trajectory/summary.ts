import type { RlmEvent } from '../events.ts';
import type { StopReason, UsageBreakdown } from '../types.ts';
import { UsageLedger } from '../usage/usage.ts';
import { indexTrajectory } from './fold-trajectory.ts';
import type { QuestionNode, TrajectoryIndex } from './trajectory-types.ts';

export interface QuestionSummary {
  question: string;
  answer: string | null;
  stopReason: StopReason | null;
  /** Root iterations of this question. */
  iterations: number;
  subcalls: number;
  durationMs: number | null;
  error: { code: string; message: string } | null;
}

export interface TrajectorySummary {
  /** The last question's (a session log holds several; `questions` lists them all). */
  question: string | null;
  answer: string | null;
  stopReason: StopReason | null;
  /** Root iterations seen, over every question. */
  iterations: number;
  subcalls: number;
  /** Usage and cost by depth and model, rebuilt from the calls themselves (so partial logs have it too). */
  usage: UsageBreakdown;
  durationMs: number | null;
  /** No run_end for the last question: the run crashed or was interrupted. */
  partial: boolean;
  error: { code: string; message: string } | null;
  questions: QuestionSummary[];
}

/** The run at a glance, from the trajectory index (an index already built, or the events to build it). */
export function summarizeTrajectory(source: RlmEvent[] | TrajectoryIndex): TrajectorySummary {
  const index = Array.isArray(source) ? indexTrajectory(source) : source;
  const ledger = new UsageLedger();
  for (const call of index.calls.values())
    if (call.end)
      ledger.record({ depth: call.depth, model: call.model, usage: call.end.usage, costUsd: call.end.costUsd });
  const questions = index.questions.map((question) => summarizeQuestion(index, question));
  const last = questions.at(-1);
  const rootError = index.rlms[index.questions.at(-1)?.rootRlmId ?? '']?.error ?? null;
  const spanMs = index.firstTs !== null && index.lastTs !== null ? index.lastTs - index.firstTs : null;
  const ended = questions.filter((question) => question.durationMs !== null);
  return {
    question: last?.question ?? null,
    answer: last?.answer ?? null,
    stopReason: last?.stopReason ?? null,
    iterations: questions.reduce((sum, question) => sum + question.iterations, 0),
    subcalls: Object.keys(index.subcalls).length,
    usage: ledger.snapshot(),
    durationMs:
      questions.length > 0 && ended.length === questions.length
        ? ended.reduce((sum, question) => sum + (question.durationMs ?? 0), 0)
        : spanMs,
    partial: index.questions.at(-1)?.end == null,
    error: last?.error ?? rootError,
    questions,
  };
}

function summarizeQuestion(index: TrajectoryIndex, question: QuestionNode): QuestionSummary {
  const root = index.rlms[question.rootRlmId];
  const rlmsOfQuestion = new Set(
    Object.entries(index.rlms)
      .filter(([, rlm]) => rlm.question === (root?.question ?? -1))
      .map(([key]) => key),
  );
  return {
    question: question.question,
    answer: question.answer,
    stopReason: question.stopReason,
    iterations: root?.iterations.reduce((most, iteration) => Math.max(most, iteration.iteration), 0) ?? 0,
    subcalls: Object.values(index.subcalls).filter((subcall) => rlmsOfQuestion.has(subcall.rlmId)).length,
    durationMs: question.durationMs,
    error: question.error ?? root?.error ?? null,
  };
}
