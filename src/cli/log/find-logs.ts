import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import {
  addCost,
  parseLog,
  splitQuestions,
  type LogHeader,
  type ParsedLog,
  type RlmEventOf,
} from '../../engine/internal.ts';
import { usageError } from '../exit-codes.ts';

export interface RunSummary {
  file: string;
  modifiedAt: Date;
  header: LogHeader | null;
  end: RlmEventOf<'run_end'> | null;
  /** finished: the log has the run's end; running: its writer is alive; interrupted: it died before the end. */
  status: RunStatus;
  /** Set for a session log (`rlm chat`): its questions and their totals. */
  session: SessionTotals | null;
}

export interface SessionTotals {
  questions: number;
  answered: number;
  /** The first question (the header is written before any). */
  firstQuestion: string | null;
  costUsd: number | null;
  durationMs: number;
}

export type RunStatus = 'finished' | 'running' | 'interrupted';

/** Log files in a directory, newest first. */
export function listLogFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => path.join(dir, name))
    .map((file) => ({ file, mtime: statSync(file).mtimeMs }))
    .toSorted((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file))
    .map((entry) => entry.file);
}

/** Header and final event of a log without reading all of it: the first line and the last 256 KB. */
export function summarizeLog(file: string): RunSummary {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const headBytes = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, headBytes, 0, headBytes.length, 0);
    const firstLine = headBytes.toString('utf8').split('\n')[0] ?? '';
    const tailLength = Math.min(size, 256 * 1024);
    const tailBytes = Buffer.alloc(tailLength);
    readSync(fd, tailBytes, 0, tailLength, size - tailLength);
    const tail = tailBytes
      .toString('utf8')
      .split('\n')
      .slice(tailLength < size ? 1 : 0);
    const parsed = parseLog([firstLine, ...tail].join('\n'));
    if (parsed.header?.session) return summarizeSession(file, parsed.header);
    const end =
      parsed.events.findLast(
        (event): event is RlmEventOf<'run_end'> => event.type === 'run_end' && event.depth === 0,
      ) ?? null;
    const modifiedAt = statSync(file).mtime;
    return {
      file,
      modifiedAt,
      header: parsed.header,
      end,
      status: runStatus(parsed.header, end, modifiedAt),
      session: null,
    };
  } finally {
    closeSync(fd);
  }
}

/** A session is read whole: its questions are spread over the log. It runs while its writer lives. */
function summarizeSession(file: string, header: LogHeader): RunSummary {
  const parsed = parseLog(readFileSync(file, 'utf8'));
  const questions = splitQuestions(parsed.events).filter((events) => events.length > 0);
  const ends = questions.map(
    (events) =>
      events.find((event): event is RlmEventOf<'run_end'> => event.type === 'run_end' && event.depth === 0) ?? null,
  );
  const starts = questions.map((events) => events.find((event) => event.type === 'run_start'));
  const modifiedAt = statSync(file).mtime;
  const complete = ends.every((end) => end !== null);
  const live = runStatus(header, null, modifiedAt) === 'running';
  return {
    file,
    modifiedAt,
    header,
    end: ends.at(-1) ?? null,
    status: live ? 'running' : complete ? 'finished' : 'interrupted',
    session: {
      questions: questions.length,
      answered: ends.filter((end) => end?.answer !== null && end !== null).length,
      firstQuestion: starts[0]?.type === 'run_start' ? starts[0].question : null,
      costUsd: ends.reduce<number | null>((sum, end) => addCost(sum, end ? end.usage.costUsd : 0), 0),
      durationMs: ends.reduce((sum, end) => sum + (end?.durationMs ?? 0), 0),
    },
  };
}

/**
 * A log without its end is a live run only while the process that writes it is alive (same host) and keeps its
 * heartbeat fresh; a stale heartbeat also catches a recycled pid. Older logs without a `process` are interrupted.
 */
export function runStatus(
  header: LogHeader | null,
  end: RlmEventOf<'run_end'> | null,
  modifiedAt: Date,
  now = Date.now(),
): RunStatus {
  if (end) return 'finished';
  const writer = header?.process;
  if (!writer) return 'interrupted';
  const fresh = now - modifiedAt.getTime() < STALE_AFTER_MS;
  if (writer.host !== hostname()) return fresh ? 'running' : 'interrupted';
  return fresh && isAlive(writer.pid) ? 'running' : 'interrupted';
}

/** Several missed heartbeats (see HEARTBEAT_MS): a busy machine may delay one, not six. */
const STALE_AFTER_MS = 30_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `last` → the newest log in the directory; anything else is a path. */
export function resolveLogArgument(argument: string, dir: string, cwd: string): string {
  if (argument === 'last') {
    const newest = listLogFiles(dir)[0];
    if (!newest) throw usageError(`No runs logged yet in ${dir}: run rlm ask first, or pass a log file`);
    return newest;
  }
  const file = path.resolve(cwd, argument);
  if (!existsSync(file)) throw usageError(`${argument}: no such log file`);
  return file;
}

export function readLog(file: string): ParsedLog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const parsed = parseLog(text);
  if (!parsed.header && parsed.events.length === 0) throw usageError(`${file}: not an rlm trajectory log`);
  return parsed;
}
