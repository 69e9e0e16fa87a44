import type { ContextSummary, RlmEvent } from '../events.ts';

/** Version of the JSONL trajectory log; bump on incompatible changes and keep readers for older ones. */
export const LOG_SCHEMA = 'rlm.trajectory/1';

/** First line of every log: what ran and with which settings. Never holds secrets. */
export interface LogHeader {
  type: 'header';
  schema: typeof LOG_SCHEMA;
  tool: { name: 'rlm'; version: string };
  createdAt: string;
  question: string;
  model: string;
  subModel: string;
  baseUrl: string | null;
  limits: Record<string, number | null>;
  context: ContextSummary & { files: number; bytes: number; tokens: number | null };
  replayOf: string | null;
  /** The writing process, so a reader can tell a run in progress from one that died (absent in older logs). */
  process?: { pid: number; host: string };
}

export interface ParsedLog {
  header: LogHeader | null;
  events: RlmEvent[];
  /** Lines that could not be parsed (a crash mid-write leaves at most the last one). */
  badLines: number[];
  /** True when the log has no run_end event: the run crashed or was interrupted. */
  partial: boolean;
}

/** One JSON value per line; `llm_call_delta` events are left out (the full text is in `llm_call_end`). */
export function shouldLog(event: RlmEvent): boolean {
  return event.type !== 'llm_call_delta';
}

export function parseLog(text: string): ParsedLog {
  const events: RlmEvent[] = [];
  const badLines: number[] = [];
  let header: LogHeader | null = null;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      badLines.push(index + 1);
      return;
    }
    const record = value as { type?: unknown; schema?: unknown };
    if (record.type === 'header') {
      if (typeof record.schema !== 'string' || !record.schema.startsWith('rlm.trajectory/')) badLines.push(index + 1);
      else header = value as LogHeader;
    } else if (typeof record.type === 'string') {
      events.push(value as RlmEvent);
    } else {
      badLines.push(index + 1);
    }
  });
  return { header, events, badLines, partial: !events.some((event) => event.type === 'run_end' && event.depth === 0) };
}
