import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { ContextSummary, RlmEvent } from '../events.ts';
import { LOG_SCHEMA, shouldLog } from '../trajectory/log-format.ts';

/**
 * A JSONL trajectory log (the format `rlm view` and `--replay` read), written as the run goes. A log that cannot be
 * written (its directory removed, a full disk) never throws into the run: the first error is kept in `failure`.
 */
export class RunLog {
  readonly path: string;
  readonly #stream: WriteStream;
  #failure: Error | null = null;

  constructor(
    dir: string,
    runId: string,
    header: { question: string; model: string; subModel: string; context: ContextSummary },
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${runId}.jsonl`);
    this.#stream = createWriteStream(this.path, { flags: 'wx' });
    this.#stream.on('error', (error) => (this.#failure ??= error));
    this.#write({
      type: 'header',
      schema: LOG_SCHEMA,
      tool: { name: 'rlm', version: 'library' },
      createdAt: new Date().toISOString(),
      ...header,
      baseUrl: null,
      limits: {},
      replayOf: null,
      context: { ...header.context, files: header.context.documents, bytes: header.context.chars, tokens: null },
    });
  }

  write(event: RlmEvent): void {
    if (shouldLog(event)) this.#write(event);
  }

  /** The first write or open error, if any: the log then holds the run only up to there, or nothing. */
  get failure(): Error | null {
    return this.#failure;
  }

  /** Resolves once everything is written or the log has failed (see `failure`); never rejects. */
  close(): Promise<void> {
    if (this.#stream.destroyed) return Promise.resolve();
    return new Promise((resolve) =>
      this.#stream.end((error?: Error | null) => {
        if (error) this.#failure ??= error;
        resolve();
      }),
    );
  }

  #write(value: unknown): void {
    if (!this.#stream.destroyed) this.#stream.write(`${JSON.stringify(value)}\n`);
  }
}
