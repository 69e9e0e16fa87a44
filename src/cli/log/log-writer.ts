import { closeSync, futimesSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { shouldLog, type LogHeader, type RlmEvent } from '../../engine/internal.ts';
import { envValue } from '../config/load-config.ts';
import { MAX_LOGGED_FIELD_CHARS, truncateLongFields } from './truncate-fields.ts';

export function defaultLogDir(env: NodeJS.ProcessEnv): string {
  return path.join(envValue(env, 'XDG_STATE_HOME') ?? path.join(homedir(), '.local', 'state'), 'rlm', 'runs');
}

export function defaultLogPath(dir: string, runId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return path.join(dir, `${stamp}_${runId.slice(0, 8)}.jsonl`);
}

/** How often an open log's modification time is refreshed, so `rlm runs` can tell a live run from a dead one. */
export const HEARTBEAT_MS = 5_000;

/** The first write that failed: from then on the log no longer holds the whole run. */
export interface LogFailure {
  /** `ENOSPC`, `EFBIG`, `EIO`, … or `unserializable`. */
  code: string;
  message: string;
  /** The event (or `header`) that could not be written. */
  record: string;
}

export interface LogWriterOptions {
  redact?: (text: string) => string;
  /** Called once, on the first failed write. */
  onFailure?: (failure: LogFailure) => void;
  heartbeatMs?: number;
}

/**
 * Appends the run to a JSONL file as it happens, one synchronous write per event: a crash or Ctrl-C leaves every
 * event so far on disk, readable as a partial log. Write failures never throw into the run; the first one is
 * kept in `failure` (and reported through `onFailure`) so the CLI can say the record is incomplete.
 */
export class LogWriter {
  readonly path: string;
  #fd: number | undefined;
  #failure: LogFailure | null = null;
  /** Set after a failed write: the file may end mid-line, and appending more would only bury that. */
  #stopped = false;
  readonly #options: LogWriterOptions;
  readonly #heartbeat: NodeJS.Timeout;

  /** Throws when the file cannot be created or the header cannot be written: the run should not start. */
  constructor(file: string, header: LogHeader, options: LogWriterOptions = {}) {
    this.#options = options;
    this.path = path.resolve(file);
    mkdirSync(path.dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'w');
    try {
      writeFully(fd, this.#serialize(header));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.#fd = fd;
    this.#heartbeat = setInterval(() => this.#touch(), options.heartbeatMs ?? HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  get failure(): LogFailure | null {
    return this.#failure;
  }

  write(event: RlmEvent): void {
    if (!shouldLog(event) || this.#fd === undefined) return;
    let line: string;
    try {
      line = this.#serialize(event);
    } catch (error) {
      // Nothing reached the file: later events can still be written, but the record now has a gap.
      this.#fail({ code: 'unserializable', message: errorMessage(error), record: event.type });
      return;
    }
    if (this.#stopped) return;
    try {
      writeFully(this.#fd, line);
    } catch (error) {
      this.#stopped = true;
      this.#fail({
        code: (error as NodeJS.ErrnoException).code ?? 'EIO',
        message: errorMessage(error),
        record: event.type,
      });
    }
  }

  close(): void {
    clearInterval(this.#heartbeat);
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch (error) {
      this.#fail({
        code: (error as NodeJS.ErrnoException).code ?? 'EIO',
        message: errorMessage(error),
        record: 'close',
      });
    }
    this.#fd = undefined;
  }

  #serialize(value: unknown): string {
    const redact = this.#options.redact ?? ((text: string) => text);
    return `${redact(JSON.stringify(truncateLongFields(value, MAX_LOGGED_FIELD_CHARS, redact)))}\n`;
  }

  #touch(): void {
    if (this.#fd === undefined) return;
    const now = new Date();
    try {
      futimesSync(this.#fd, now, now);
    } catch {
      // A heartbeat is a hint for `rlm runs`; failing to refresh it loses nothing from the record.
    }
  }

  #fail(failure: LogFailure): void {
    if (this.#failure) return;
    this.#failure = failure;
    this.#options.onFailure?.(failure);
  }
}

/** writeSync may write part of a buffer (a nearly full disk): keep going until all of it is written or it throws. */
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written === 0) throw Object.assign(new Error('no space left on device (0 bytes written)'), { code: 'ENOSPC' });
    offset += written;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
