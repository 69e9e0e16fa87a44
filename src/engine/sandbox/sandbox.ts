import ivm from 'isolated-vm';
import { RlmError } from '../errors.ts';
import { CellSyntaxError, transformCell } from './cell-transform.ts';
import { composeCellReport } from './cell-report.ts';
import { createInspector } from './isolate/inspect.ts';
import { isolatePrelude, type IsolateCellOutcome, type PreludeSettings } from './isolate/prelude.ts';
import { classifyThrown, messageOnlyError, runtimeError } from './cell-errors.ts';
import { watchCell, type Verdict, type WatchedCell } from './cell-watchdog.ts';
import { sandboxLimits, type Limits } from './limits.ts';
import { JAVASCRIPT } from '../repl/languages.ts';
import type { ReplSession, RunCellOptions } from '../repl/repl-session.ts';
import type { CellError, CellResult, HostCallInfo, SandboxContext, SandboxOptions, VariableSummary } from './types.ts';
import { formatCount } from '../format-count.ts';

const BUILT_INS = [
  'context',
  'print',
  'console',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'queueMicrotask',
];
const SLEEP_FUNCTION = '__rlm_sleep';
/** Told to the model whenever its variables were lost, by this sandbox or by a session around it. */
export const SESSION_RESET_NOTE =
  'the sandbox was restarted: every variable defined earlier is gone (`context` and the built-in functions are available again)';

/** Book-keeping for the one cell that is running. */
interface RunningCell extends WatchedCell {
  controller: AbortController;
  chunks: string[];
  /** Host calls in flight, held until the cell ends: one nothing else references would be collected and reach the
   * cell as "Promise was abandoned" instead of waiting for the limits. */
  calls: Set<Promise<unknown>>;
}

/**
 * A persistent JavaScript REPL session in its own V8 isolate. Cells run one at a time; each is contained by a CPU
 * watchdog (which, unlike the `timeout` option, also covers code after an `await`), a wall-clock limit, a
 * deadlock detector and the isolate's heap limit. When the isolate has to die it is rebuilt with the context,
 * and the result says the variables were lost. The host never dies and never hangs on a cell.
 */
export class Sandbox implements ReplSession {
  readonly language = JAVASCRIPT;
  readonly limits: Limits;
  #options: SandboxOptions;
  readonly #reserved: Set<string>;
  #isolate!: ivm.Isolate;
  #context!: ivm.Context;
  #cell: RunningCell | undefined;
  /** Globals defined by the host after creation (more contexts, `history`): set again after every restart. */
  readonly #hostGlobals = new Map<string, unknown>();
  #cellCount = 0;
  #disposed = false;

  private constructor(options: SandboxOptions) {
    this.#options = options;
    this.#reserved = new Set([...BUILT_INS, ...Object.keys(options.hostFunctions ?? {}), ...(options.reserved ?? [])]);
    this.limits = sandboxLimits(options);
  }

  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    const sandbox = new Sandbox(options);
    await sandbox.#boot();
    return sandbox;
  }

  /** Names user code cannot redeclare. */
  get reservedNames(): ReadonlySet<string> {
    return this.#reserved;
  }

  async run(code: string, options: RunCellOptions = {}): Promise<CellResult> {
    if (this.#disposed) throw new RlmError('sandbox_failed', 'The sandbox has been disposed');
    if (this.#cell) throw new RlmError('sandbox_failed', 'A cell is already running in this sandbox');
    const started = performance.now();
    const lines = code.split('\n');
    let transformed;
    try {
      transformed = await transformCell(code, { typescript: options.dialect === 'ts', reserved: this.#reserved });
    } catch (error) {
      if (!(error instanceof CellSyntaxError)) throw error;
      const syntaxError: CellError = {
        kind: 'syntax',
        name: 'SyntaxError',
        message: error.message,
        ...(error.line ? { line: error.line } : {}),
      };
      return this.#result({ started, cpuMs: 0, lines, output: '', error: syntaxError, strippedTypes: false });
    }

    const cell: RunningCell = {
      controller: new AbortController(),
      chunks: [],
      inFlight: 0,
      calls: new Set(),
      lastActivity: performance.now(),
      sleeps: new Set(),
    };
    this.#cell = cell;
    const cpuStart = this.#isolate.cpuTime;
    const evaluation = this.#context.eval(transformed.code, {
      filename: `cell-${++this.#cellCount}.js`,
      timeout: this.limits.cpuTimeLimitMs,
      promise: true,
      copy: true,
    }) as unknown as Promise<IsolateCellOutcome>;
    const verdict = await Promise.race([
      evaluation.then(
        (outcome): Verdict => ({ type: 'outcome', outcome }),
        (error: unknown): Verdict => ({ type: 'thrown', error }),
      ),
      watchCell(
        {
          isolate: () => this.#isolate,
          context: () => this.#context,
          isCurrent: (watched) => this.#cell === watched,
          limits: this.limits,
        },
        cell,
        cpuStart,
        started,
        options.signal,
      ),
    ]);
    const cpuMs = this.#isolate.isDisposed ? 0 : Number(this.#isolate.cpuTime - cpuStart) / 1e6;
    this.#endCell(cell);

    const base = { started, cpuMs, lines, output: cell.chunks.join(''), strippedTypes: transformed.strippedTypes };
    if (verdict.type === 'killed') {
      if (verdict.reset) await this.#reboot();
      return this.#result({ ...base, error: verdict.error, sessionReset: verdict.reset });
    }
    if (verdict.type === 'thrown') {
      const { error, reset } = classifyThrown(verdict.error, this.#isolate.isDisposed, this.limits);
      if (reset) await this.#reboot();
      return this.#result({ ...base, error, sessionReset: reset });
    }
    const { outcome } = verdict;
    const notes: string[] = [];
    if (outcome.timersCancelled > 0)
      notes.push(
        `${outcome.timersCancelled} pending timer(s) were cancelled when the cell ended (await them to let them run)`,
      );
    if (outcome.droppedChars > 0)
      notes.push(
        `output capture limit reached: ${formatCount(outcome.droppedChars)} more characters were not recorded`,
      );
    const error = outcome.error ? runtimeError(outcome.error) : undefined;
    return this.#result({ ...base, value: outcome.value, error, notes });
  }

  /** The model's own variables (globals it created), with a short type summary each. */
  async listVariables(): Promise<VariableSummary[]> {
    if (this.#disposed) return [];
    // Cells can sabotage the listing (replaced Array methods, a global getter that never returns): never throw.
    const listed: unknown = await this.#context
      .eval('__rlm_list_vars()', { copy: true, timeout: 1_000 })
      .catch(() => []);
    if (!Array.isArray(listed)) return [];
    // Contexts and `history` come from the host: they are described elsewhere, not the model's own variables.
    return listed
      .filter((entry: { name?: unknown }) => !this.#hostGlobals.has(String(entry?.name)))
      .map((entry: { name?: unknown; summary?: unknown }) => ({
        name: String(entry?.name),
        summary: String(entry?.summary),
      }));
  }

  async defineVariable(name: string, value: unknown): Promise<void> {
    if (this.#disposed) throw new RlmError('sandbox_failed', 'The sandbox has been disposed');
    this.#hostGlobals.set(name, value);
    await this.#setGlobal(name, value);
  }

  async loadContext(name: string, context: SandboxContext): Promise<void> {
    if (name === 'context') {
      this.#options = { ...this.#options, context };
      if (!this.#disposed) await this.#setGlobal('context', context);
      return;
    }
    await this.defineVariable(name, context);
  }

  async #setGlobal(name: string, value: unknown): Promise<void> {
    await this.#context.global.set(
      name,
      value === undefined || value === null ? null : new ivm.ExternalCopy(value).copyInto({ release: true }),
    );
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#cell) this.#endCell(this.#cell);
    if (!this.#isolate.isDisposed) this.#isolate.dispose();
  }

  async #boot(): Promise<void> {
    this.#isolate = new ivm.Isolate({ memoryLimit: this.limits.memoryLimitMb });
    this.#context = await this.#isolate.createContext();
    // Copied in once per isolate: cells read the isolate's own copy, nothing is transferred per cell.
    await this.#setGlobal('context', this.#options.context);
    for (const [name, value] of this.#hostGlobals) await this.#setGlobal(name, value);
    const settings: PreludeSettings = {
      hostFunctions: Object.keys(this.#options.hostFunctions ?? {}),
      reserved: [...this.#reserved],
      captureLimitChars: this.limits.captureLimitChars,
      maxTimers: this.limits.maxTimers,
      memoryLimitMb: this.limits.memoryLimitMb,
      extension: this.#options.extension ?? '',
    };
    await this.#context.evalClosure(
      `${createInspector.toString()}\n(${isolatePrelude.toString()})($0, $1, $2, $3, createInspector);`,
      [
        new ivm.Callback((text: string) => this.#cell?.chunks.push(text)),
        new ivm.Reference((name: string, args: unknown[]) => this.#invokeHost(name, args)),
        new ivm.Callback((name: string, args: unknown[]) => this.#invokeHostSync(name, args)),
        JSON.stringify(settings),
      ],
      { timeout: 10_000 },
    );
  }

  async #reboot(): Promise<void> {
    if (!this.#isolate.isDisposed) this.#isolate.dispose();
    if (!this.#disposed) await this.#boot();
  }

  #invokeHost(name: string, args: unknown[]): Promise<unknown> {
    const cell = this.#cell;
    if (!cell) return handled(Promise.reject(new Error(`${name}: the cell that made this call has ended`)));
    const run = async (): Promise<unknown> => {
      if (name === SLEEP_FUNCTION) return this.#sleep(cell, Number(args[0]));
      const hostFunction = this.#options.hostFunctions?.[name];
      if (!hostFunction) throw new Error(`${name} is not a host function`);
      const info: HostCallInfo = { signal: cell.controller.signal };
      try {
        return await hostFunction(args, info);
      } catch (error) {
        throw messageOnlyError(error);
      }
    };
    cell.inFlight += 1;
    cell.lastActivity = performance.now();
    const promise: Promise<unknown> = run().finally(() => {
      cell.inFlight -= 1;
      cell.calls.delete(promise);
      cell.lastActivity = performance.now();
    });
    cell.calls.add(promise);
    // isolated-vm attaches its handler later: a rejection before then must not count as unhandled.
    return handled(promise);
  }

  #invokeHostSync(name: string, args: unknown[]): unknown {
    const read = this.#options.hostReads?.[name];
    if (read) return read();
    const callback = this.#options.hostCallbacks?.[name];
    if (!callback) throw new Error(`${name} is not a host callback`);
    callback(args);
    return undefined;
  }

  #sleep(cell: RunningCell, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(true), ms);
      const settle = (fired: boolean) => {
        clearTimeout(timer);
        cell.sleeps.delete(settle);
        resolve(fired);
      };
      cell.sleeps.add(settle);
    });
  }

  #endCell(cell: RunningCell): void {
    cell.controller.abort(new Error('The cell ended before this call finished'));
    for (const settle of cell.sleeps) settle(false); // deleting the visited entry is safe
    cell.calls.clear();
    if (this.#cell === cell) this.#cell = undefined;
  }

  #result(parts: {
    started: number;
    cpuMs: number;
    lines: string[];
    output: string;
    value?: string | undefined;
    error?: CellError | undefined;
    notes?: string[];
    sessionReset?: boolean;
    strippedTypes: boolean;
  }): CellResult {
    const notes = [...(parts.notes ?? [])];
    if (parts.sessionReset) {
      notes.push(SESSION_RESET_NOTE);
    }
    const report = composeCellReport(
      { output: parts.output, value: parts.value, error: parts.error, notes, lines: parts.lines },
      this.limits.outputLimitChars,
    );
    return {
      ok: parts.error === undefined,
      output: parts.output,
      modelOutput: report.text,
      omittedChars: report.omittedChars,
      ...(parts.value === undefined ? {} : { value: parts.value }),
      ...(parts.error ? { error: parts.error } : {}),
      sessionReset: parts.sessionReset ?? false,
      notes,
      strippedTypes: parts.strippedTypes,
      durationMs: performance.now() - parts.started,
      cpuMs: parts.cpuMs,
    };
  }
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
