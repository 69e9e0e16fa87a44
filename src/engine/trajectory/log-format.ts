import type { ContextSummary, RlmEvent } from '../events.ts';
import { eventProblem, headerProblem } from './log-schema.ts';

/**
 * Version of the JSONL trajectory log; bump on incompatible changes and keep readers for older ones.
 * 2: a root call records only the messages it adds to the previous one (`extendsCallId`), a plain sub-call's
 * prompt is stored once (`promptInSubcall`). Readers rebuild whole requests through the trajectory index.
 */
export const LOG_SCHEMA = 'rlm.trajectory/2';

/** First line of every log: what ran and with which settings. Never holds secrets. */
export interface LogHeader {
  type: 'header';
  /** `rlm.trajectory/<version>`: this version writes LOG_SCHEMA; readers accept 1 and 2. */
  schema: string;
  tool: { name: 'rlm'; version: string };
  createdAt: string;
  question: string;
  model: string;
  subModel: string;
  baseUrl: string | null;
  limits: Record<string, number | null>;
  context: ContextSummary & { files: number; bytes: number; tokens: number | null };
  replayOf: string | null;
  /** True for a session (`rlm chat`): the log holds several questions, each a run; `question` is then the first. */
  session?: boolean;
  /** The writing process, so a reader can tell a run in progress from one that died (absent in older logs). */
  process?: { pid: number; host: string };
}

/** A line a reader skipped, and why. */
export interface LogProblem {
  line: number;
  reason: string;
}

export interface ParsedLog {
  header: LogHeader | null;
  events: RlmEvent[];
  /** Lines that were skipped: not JSON (a crash mid-write leaves at most the last one), or not a valid record. */
  badLines: number[];
  /** The same lines with the reason each was skipped, in line order. */
  problems: LogProblem[];
  /** True when the log has no run_end event: the run crashed or was interrupted. */
  partial: boolean;
}

/** One JSON value per line; `llm_call_delta` events are left out (the full text is in `llm_call_end`). */
export function shouldLog(event: RlmEvent): boolean {
  return event.type !== 'llm_call_delta';
}

/**
 * Reads a log, checking every line against the format (log-schema.ts): a line that is not JSON, or whose fields
 * have the wrong types, is skipped and reported with its number, so no reader meets a malformed event.
 */
export function parseLog(text: string): ParsedLog {
  const events: RlmEvent[] = [];
  const problems: LogProblem[] = [];
  let header: LogHeader | null = null;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const problem = (reason: string) => problems.push({ line: index + 1, reason });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return problem('not JSON (a crash mid-write cuts the last line)');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return problem('not a JSON object');
    const record = value as Record<string, unknown>;
    if (record.type === 'header') {
      const wrong = header ? 'a second header' : headerProblem(record);
      if (wrong) return problem(wrong);
      header = value as LogHeader;
    } else if (typeof record.type === 'string') {
      const wrong = eventProblem(record);
      if (wrong) return problem(wrong);
      events.push(value as RlmEvent);
    } else {
      problem('no "type" field');
    }
  });
  return {
    header,
    events,
    badLines: problems.map((entry) => entry.line),
    problems,
    partial: !events.some((event) => event.type === 'run_end' && event.depth === 0),
  };
}

/** Notes for a terminal: each skipped line with its reason, at most `limit` of them. */
export function describeLogProblems(file: string, problems: LogProblem[], limit = 5): string[] {
  const notes = problems.slice(0, limit).map((entry) => `${file}:${entry.line}: skipped: ${entry.reason}`);
  if (problems.length > limit) notes.push(`${file}: … and ${problems.length - limit} more skipped line(s)`);
  return notes;
}
