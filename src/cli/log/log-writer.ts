import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { shouldLog, type LogHeader, type RlmEvent } from '../../engine/index.ts';
import { envValue } from '../config/load-config.ts';

export function defaultLogDir(env: NodeJS.ProcessEnv): string {
  return path.join(envValue(env, 'XDG_STATE_HOME') ?? path.join(homedir(), '.local', 'state'), 'rlm', 'runs');
}

export function defaultLogPath(dir: string, runId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return path.join(dir, `${stamp}_${runId.slice(0, 8)}.jsonl`);
}

/**
 * Appends the run to a JSONL file as it happens, one synchronous write per event: a crash or Ctrl-C leaves every
 * event so far on disk, readable as a partial log.
 */
export class LogWriter {
  readonly path: string;
  #fd: number | undefined;
  readonly #redact: (text: string) => string;

  constructor(file: string, header: LogHeader, redact: (text: string) => string = (text) => text) {
    this.#redact = redact;
    this.path = path.resolve(file);
    mkdirSync(path.dirname(this.path), { recursive: true });
    this.#fd = openSync(this.path, 'w');
    this.#write(header);
  }

  write(event: RlmEvent): void {
    if (shouldLog(event)) this.#write(event);
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #write(value: unknown): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, `${this.#redact(JSON.stringify(value))}\n`);
  }
}
