import { RlmError } from '../../errors.ts';
import {
  sandboxLimits,
  SESSION_RESET_NOTE,
  type CellResult,
  type SandboxContext,
  type VariableSummary,
} from '../../sandbox/index.ts';
import { JAVASCRIPT } from '../languages.ts';
import type { ReplLimits, ReplSession, ReplSessionOptions, RunCellOptions } from '../repl-session.ts';
import { lostCellResult, ProcessLost, type LossReason } from './loss.ts';
import type { ChildSessionOptions, ReadSnapshot, RunReply } from './protocol.ts';
import type { SandboxProcess, SessionPeer } from './sandbox-process.ts';

/** How often a running cell's read snapshot (budget()) is refreshed, besides at every host-call result. */
const READS_REFRESH_MS = 500;

/** Extra time past a cell's wall limit before the host kills the process (the child's own limit comes first). */
const DEFAULT_WALL_GRACE_MS = 10_000;

/**
 * A REPL session whose isolate lives in the sandbox process. Host functions, notifications and reads cross as
 * messages; the context and the host-defined variables are kept here and loaded again whenever the process had to
 * be restarted, and the model is told that its own variables were lost.
 */
export class ProcessSession implements ReplSession, SessionPeer {
  readonly language = JAVASCRIPT;
  readonly limits: ReplLimits;
  readonly #process: SandboxProcess;
  readonly #options: ReplSessionOptions;
  readonly #release: () => void;
  readonly #wallGraceMs: number;
  readonly #id: number;
  readonly #variables = new Map<string, { kind: 'define' | 'load'; value: unknown }>();
  #context: SandboxContext | undefined;
  /** The process generation our isolate lives in; 0 before the first open. */
  #openIn = 0;
  /** Variables were lost in a restart the model has not been told of yet. */
  #unreported = false;
  /** A restart we caused ourselves after a result that already said the variables were lost. */
  #expectedLoss = -1;
  #cell: AbortController | undefined;
  #opening: Promise<void> | undefined;
  #cellSeq = 0;
  #disposed = false;
  /** Variables listed with the last cell's result; dropped by anything that may change them. */
  #listed: { generation: number; variables: VariableSummary[] } | undefined;

  constructor(
    process: SandboxProcess,
    options: ReplSessionOptions,
    release: () => void,
    wallGraceMs = DEFAULT_WALL_GRACE_MS,
  ) {
    this.#process = process;
    this.#wallGraceMs = wallGraceMs;
    this.#options = options;
    this.#release = release;
    this.#context = options.context;
    const limits = sandboxLimits(options);
    this.limits = {
      memoryLimitMb: limits.memoryLimitMb,
      cpuTimeLimitMs: limits.cpuTimeLimitMs,
      wallTimeLimitMs: limits.wallTimeLimitMs,
      outputLimitChars: limits.outputLimitChars,
    };
    this.#id = process.register(this);
  }

  async run(code: string, options: RunCellOptions = {}): Promise<CellResult> {
    if (this.#disposed) throw new RlmError('sandbox_failed', 'The sandbox has been disposed');
    if (this.#cell) throw new RlmError('sandbox_failed', 'A cell is already running in this sandbox');
    const started = performance.now();
    this.#listed = undefined;
    const cell = new AbortController();
    this.#cell = cell;
    const cellId = ++this.#cellSeq;
    const onAbort = () => this.#process.send({ type: 'abort', session: this.#id, cell: cellId });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const refresh = setInterval(
      () => this.#process.send({ type: 'reads', session: this.#id, reads: this.#reads() }),
      READS_REFRESH_MS,
    );
    refresh.unref();
    try {
      await this.#open();
      if (options.signal?.aborted) onAbort();
      const generation = this.#openIn;
      const { result, variables } = (await this.#process.request(
        {
          type: 'run',
          session: this.#id,
          cell: cellId,
          code,
          ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
          reads: this.#reads(),
          ...(options.listVariablesAfter ? { list: true } : {}),
        },
        { deadlineMs: this.limits.wallTimeLimitMs + this.#wallGraceMs },
      )) as RunReply;
      if (variables && generation === this.#process.generation) this.#listed = { generation, variables };
      if (result.sessionReset) {
        // The isolate was stopped by force: a native loop may still spin on its thread, so the process goes.
        this.#expectedLoss = generation;
        this.#process.kill({ kind: 'recycled' });
      }
      return this.#reportLoss(result);
    } catch (error) {
      if (!(error instanceof ProcessLost)) throw error;
      this.#unreported = false;
      return lostCellResult(error.reason, code, started, this.limits);
    } finally {
      clearInterval(refresh);
      options.signal?.removeEventListener('abort', onAbort);
      cell.abort(new Error('The cell ended before this call finished'));
      this.#cell = undefined;
    }
  }

  async listVariables(): Promise<VariableSummary[]> {
    if (this.#disposed) return [];
    const listed = this.#listed;
    if (listed && listed.generation === this.#openIn && listed.generation === this.#process.generation)
      return [...listed.variables];
    try {
      await this.#open();
      return (await this.#process.request({ type: 'list', session: this.#id })) as VariableSummary[];
    } catch {
      return [];
    }
  }

  async defineVariable(name: string, value: unknown): Promise<void> {
    if (this.#disposed) throw new RlmError('sandbox_failed', 'The sandbox has been disposed');
    this.#listed = undefined;
    this.#variables.delete(name);
    this.#variables.set(name, { kind: 'define', value });
    await this.#apply(() => this.#process.request({ type: 'define', session: this.#id, name, value }));
  }

  async loadContext(name: string, context: SandboxContext): Promise<void> {
    this.#listed = undefined;
    if (name === 'context') this.#context = context;
    else {
      this.#variables.delete(name);
      this.#variables.set(name, { kind: 'load', value: context });
    }
    if (this.#disposed) return;
    await this.#apply(() => this.#process.request({ type: 'load', session: this.#id, name, context }));
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#cell?.abort(new Error('The sandbox was closed'));
    this.#process.unregister(this.#id);
    this.#release();
  }

  /** Starts the isolate now rather than at the first cell (errors surface at creation). */
  async open(): Promise<void> {
    await this.#open();
  }

  /** Opens (or re-opens after a restart) this session's isolate in the live process; one opening at a time. */
  #open(): Promise<void> {
    this.#opening ??= this.#openOnce().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** Replays what the host set (context, defined variables) into a fresh isolate. */
  async #openOnce(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const generation = await this.#process.start();
      if (this.#openIn === generation) return;
      try {
        await this.#process.request({
          type: 'open',
          session: this.#id,
          options: this.#childOptions(),
          reads: this.#reads(),
        });
        for (const [name, { kind, value }] of this.#variables) {
          if (kind === 'define') await this.#process.request({ type: 'define', session: this.#id, name, value });
          else
            await this.#process.request({
              type: 'load',
              session: this.#id,
              name,
              context: value as SandboxContext,
            });
        }
        this.#openIn = generation;
        return;
      } catch (error) {
        if (!(error instanceof ProcessLost) || attempt >= 1)
          throw new RlmError(
            'sandbox_failed',
            `The sandbox process could not be started: ${error instanceof Error ? error.message : String(error)}`,
          );
      }
    }
  }

  /** Applies a change now if the isolate is live; otherwise the next open replays it. */
  async #apply(change: () => Promise<unknown>): Promise<void> {
    if (this.#openIn === 0 || this.#openIn !== this.#process.generation) return;
    try {
      await change();
    } catch (error) {
      if (!(error instanceof ProcessLost)) throw error;
    }
  }

  #childOptions(): ChildSessionOptions {
    const options = this.#options;
    return {
      ...(this.#context === undefined ? {} : { context: this.#context }),
      hostFunctions: Object.keys(options.hostFunctions ?? {}),
      hostCallbacks: Object.keys(options.hostCallbacks ?? {}),
      hostReads: Object.keys(options.hostReads ?? {}),
      ...(options.extension === undefined ? {} : { extension: options.extension }),
      ...(options.reserved === undefined ? {} : { reserved: options.reserved }),
      memoryLimitMb: this.limits.memoryLimitMb,
      cpuTimeLimitMs: this.limits.cpuTimeLimitMs,
      wallTimeLimitMs: this.limits.wallTimeLimitMs,
      outputLimitChars: this.limits.outputLimitChars,
    };
  }

  #reads(): ReadSnapshot {
    const snapshot: ReadSnapshot = {};
    for (const [name, read] of Object.entries(this.#options.hostReads ?? {})) {
      // A read that fails (no question running) is left out: the sandbox then reads undefined, the host never throws.
      try {
        snapshot[name] = read();
      } catch {
        continue;
      }
    }
    return snapshot;
  }

  #reportLoss(result: CellResult): CellResult {
    if (!this.#unreported) return result;
    this.#unreported = false;
    if (result.sessionReset) return result;
    return {
      ...result,
      sessionReset: true,
      notes: [...result.notes, SESSION_RESET_NOTE],
      modelOutput: `${result.modelOutput}\n[note: ${SESSION_RESET_NOTE}]`,
    };
  }

  hostCall(call: number, name: string, args: unknown[]): void {
    const answer = (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => {
      const reads = this.#reads();
      if (outcome.ok) {
        if (this.#process.send({ type: 'host_result', call, ok: true, value: outcome.value, reads })) return;
        outcome = { ok: false, error: new Error(`${name} returned a value that cannot be copied into the sandbox`) };
      }
      const error = outcome.error;
      this.#process.send({
        type: 'host_result',
        call,
        ok: false,
        error: {
          name: error instanceof TypeError ? 'TypeError' : error instanceof RangeError ? 'RangeError' : 'Error',
          message: error instanceof Error ? error.message : String(error),
        },
        reads,
      });
    };
    const cell = this.#cell;
    const hostFunction = this.#options.hostFunctions?.[name];
    if (!cell) return answer({ ok: false, error: new Error(`${name}: the cell that made this call has ended`) });
    if (!hostFunction) return answer({ ok: false, error: new Error(`${name} is not a host function`) });
    Promise.resolve()
      .then(() => hostFunction(args, { signal: cell.signal }))
      .then(
        (value) => answer({ ok: true, value }),
        (error: unknown) => answer({ ok: false, error }),
      );
  }

  notify(name: string, args: unknown[]): void {
    this.#options.hostCallbacks?.[name]?.(args);
  }

  lost(generation: number, _reason: LossReason): void {
    if (generation !== this.#openIn) return;
    if (generation !== this.#expectedLoss) this.#unreported = true;
  }
}
