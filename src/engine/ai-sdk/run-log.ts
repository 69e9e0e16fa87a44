import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { ContextSummary, RlmEvent } from '../events.ts';
import { LOG_SCHEMA, shouldLog } from '../trajectory/log-format.ts';

/** A JSONL trajectory log (the format `rlm view` and `--replay` read), written as the run goes. */
export class RunLog {
  readonly path: string;
  readonly #stream: WriteStream;

  constructor(
    dir: string,
    runId: string,
    header: { question: string; model: string; subModel: string; context: ContextSummary },
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${runId}.jsonl`);
    this.#stream = createWriteStream(this.path, { flags: 'wx' });
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

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }

  #write(value: unknown): void {
    this.#stream.write(`${JSON.stringify(value)}\n`);
  }
}
