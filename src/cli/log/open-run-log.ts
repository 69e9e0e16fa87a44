import { hostname } from 'node:os';
import { summarizeContext } from '../../engine/internal.ts';
import type { RunSettings } from '../commands/ask-settings.ts';
import type { TokenCount } from '../context/count-tokens.ts';
import type { LoadedContext } from '../context/load-context.ts';
import { usageError } from '../exit-codes.ts';
import { VERSION } from '../version.ts';
import { defaultLogPath, LogWriter, type LogFailure } from './log-writer.ts';

export interface RunLogInput {
  path: string;
  settings: RunSettings & { question: string };
  /** A session's log: several questions follow, each a run. */
  session?: boolean;
  loaded: LoadedContext;
  tokens: TokenCount;
  model: string;
  subModel: string;
  replayOf: string | undefined;
  redact: (text: string) => string;
  onFailure: (failure: LogFailure) => void;
}

/** Opens a run's trajectory log and writes its header; a log that cannot be written is a usage error (exit 2). */
export function openRunLog(input: RunLogInput): LogWriter {
  const { settings, loaded, tokens } = input;
  try {
    return new LogWriter(
      input.path,
      {
        type: 'header',
        schema: 'rlm.trajectory/1',
        tool: { name: 'rlm', version: VERSION },
        createdAt: new Date().toISOString(),
        question: settings.question,
        model: input.model,
        subModel: input.subModel,
        baseUrl: settings.baseUrl ?? null,
        limits: {
          maxIterations: settings.maxIterations ?? null,
          maxErrors: settings.maxErrors ?? null,
          contextWindow: settings.contextWindow ?? null,
          maxDepth: settings.maxDepth ?? null,
          maxCostUsd: settings.maxCostUsd ?? null,
          maxTokens: settings.maxTokens ?? null,
          maxSubcalls: settings.maxSubcalls ?? null,
          timeoutMs: settings.timeoutMs ?? null,
          concurrency: settings.concurrency ?? null,
        },
        context: {
          ...summarizeContext(loaded.context),
          files: loaded.files,
          bytes: loaded.bytes,
          tokens: tokens.tokens,
        },
        replayOf: input.replayOf ?? null,
        ...(input.session ? { session: true } : {}),
        process: { pid: process.pid, host: hostname() },
      },
      { redact: input.redact, onFailure: input.onFailure },
    );
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw usageError(`--log ${input.path}: cannot write (${reason})`);
  }
}

/** A run's or a session's log as `--log <file>` / `--no-log` ask for it (`rlm ask`, `rlm chat`). */
export interface LogFromFlagsInput extends Omit<RunLogInput, 'path' | 'onFailure'> {
  /** `--log <file>` names the file, `--no-log` (false) writes none, neither (true) a new file in `logDir`. */
  flag: string | boolean | undefined;
  logDir: string;
  /** The run's or session's id, which names the new file. */
  id: string;
  /** Hears the line that tells the user the log has a gap (`describeLogFailure`), once. */
  onFailure: (description: string) => void;
}

export function openLogFromFlags({ flag, logDir, id, onFailure, ...input }: LogFromFlagsInput): LogWriter | undefined {
  if (flag === false) return undefined;
  const path = typeof flag === 'string' ? flag : defaultLogPath(logDir, id, new Date());
  // The writer reports failures only after it is constructed, so `log` is set by then.
  const log: LogWriter = openRunLog({
    ...input,
    path,
    onFailure: (failure) => onFailure(describeLogFailure(log.path, failure)),
  });
  return log;
}

/** The line a user reads when the record of a run has a gap. */
export function describeLogFailure(path: string, failure: LogFailure): string {
  return `the trajectory log is incomplete: writing ${failure.record} failed (${failure.code}: ${failure.message}); ${path} holds the run only up to there`;
}
