/**
 * Runs INSIDE the isolate once per session (source sent with Function.prototype.toString): it must stay
 * self-contained. The host bridge arrives as arguments and stays in this closure, never on globalThis: a
 * raw ivm.Reference in user hands could walk to host objects.
 */
import type { createInspector as CreateInspector } from './inspect.ts';

export interface PreludeSettings {
  hostFunctions: string[];
  reserved: string[];
  captureLimitChars: number;
  maxTimers: number;
  memoryLimitMb: number;
  /** Extra code run here with a `host` object in scope (see HostApi); lets the engine define its own globals. */
  extension: string;
}

/** Outcome of one cell as copied out of the isolate. */
export interface IsolateCellOutcome {
  ok: boolean;
  value?: string;
  error?: { name: string; message: string; stack?: string };
  droppedChars: number;
  timersCancelled: number;
}

interface ReferenceLike {
  apply(receiver: undefined, args: unknown[], options: object): Promise<unknown>;
}

export function isolatePrelude(
  write: (text: string, stream: 'out' | 'err') => void,
  invokeHost: ReferenceLike,
  invokeHostSync: (name: string, args: unknown[]) => unknown,
  settingsJson: string,
  createInspector: typeof CreateInspector,
): void {
  'use strict';
  const settings = JSON.parse(settingsJson) as PreludeSettings;
  const g = globalThis as unknown as Record<string, unknown>;
  const { inspect, format } = createInspector();
  const state = { cell: 0, cellSeq: 0, timerSeq: 0, timers: new Set<number>(), written: 0, dropped: 0 };
  // Captured before any cell runs: user code may replace Promise.prototype.then, the REPL's bookkeeping must not notice.
  const reflectApply = Reflect.apply;
  const promiseThen = Promise.prototype.then;
  const then = <T>(
    promise: Promise<T>,
    onFulfilled: (value: T) => unknown,
    onRejected: (error: unknown) => unknown,
  ): Promise<unknown> => reflectApply(promiseThen, promise, [onFulfilled, onRejected]) as Promise<unknown>;
  // isolated-vm settles each cell through V8's Promise::Catch, which looks `then` up: a replaced
  // Promise.prototype.then would break every later cell, so it stays the original.
  // oxlint-disable-next-line no-extend-native, unicorn/no-thenable -- pins the built-in, adds nothing
  Object.defineProperty(Promise.prototype, 'then', { value: promiseThen, writable: false, configurable: false });
  const PromiseConstructor = Promise;
  const resolved = Promise.resolve.bind(Promise);
  const rejected = Promise.reject.bind(Promise);
  const setPrototypeOf = Object.setPrototypeOf;

  const emit = (text: string, stream: 'out' | 'err') => {
    const room = settings.captureLimitChars - state.written;
    if (room <= 0) {
      state.dropped += text.length;
      return;
    }
    const chunk = text.length > room ? text.slice(0, room) : text;
    state.written += chunk.length;
    state.dropped += text.length - chunk.length;
    write(chunk, stream);
  };
  const call = (name: string, args: unknown[]): Promise<unknown> => {
    const cell = state.cell;
    const result = invokeHost.apply(undefined, [name, args], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
    });
    // A result arriving after its cell ended never settles: code chained on it must not run between cells.
    const orphaned = () => new PromiseConstructor<never>(() => undefined);
    return then(
      result,
      (value) => (state.cell === cell ? value : orphaned()),
      (error) => (state.cell === cell ? rejected(error) : orphaned()),
    );
  };

  const print = (...args: unknown[]) => emit(`${format(args)}\n`, 'out');
  const printError = (...args: unknown[]) => emit(`${format(args)}\n`, 'err');
  g.print = print;
  g.console = Object.freeze({
    log: print,
    info: print,
    debug: print,
    trace: print,
    dir: (value: unknown) => print(inspect(value)),
    table: print,
    warn: printError,
    error: printError,
  });

  // Timers live only as long as the cell that made them: a callback scheduled by an earlier cell never fires.
  const schedule = (callback: unknown, delay: unknown, args: unknown[], repeat: boolean): number => {
    if (typeof callback !== 'function') throw new TypeError('The timer callback must be a function');
    if (state.timers.size >= settings.maxTimers)
      throw new RangeError(`Too many pending timers (limit ${settings.maxTimers} per cell)`);
    const id = ++state.timerSeq;
    const cell = state.cell;
    const ms = Math.max(0, Number(delay) || 0);
    state.timers.add(id);
    const tick = () => {
      then(
        call('__rlm_sleep', [ms]),
        (fired) => {
          if (!fired || state.cell !== cell || !state.timers.has(id)) return;
          if (!repeat) state.timers.delete(id);
          try {
            (callback as (...a: unknown[]) => void)(...args);
          } catch (error) {
            printError('Uncaught error in timer callback:', error);
          }
          if (repeat && state.timers.has(id)) tick();
        },
        () => state.timers.delete(id),
      );
    };
    tick();
    return id;
  };
  const clear = (id: unknown) => {
    state.timers.delete(Number(id));
  };
  g.setTimeout = (callback: unknown, delay?: unknown, ...args: unknown[]) => schedule(callback, delay, args, false);
  g.setInterval = (callback: unknown, delay?: unknown, ...args: unknown[]) => schedule(callback, delay, args, true);
  g.clearTimeout = clear;
  g.clearInterval = clear;
  g.queueMicrotask = (callback: () => void) => void Promise.resolve().then(callback);

  // Nothing in a REPL needs these, and each is a way to stall or outgrow the isolate unseen by its limits.
  for (const name of ['SharedArrayBuffer', 'WebAssembly']) delete g[name];
  const atomics = g.Atomics as Record<string, unknown> | undefined;
  if (atomics) {
    delete atomics.wait;
    delete atomics.waitAsync;
  }

  // V8 walks every index in these without checking for termination: on a huge sparse array they outlive the CPU
  // watchdog and the heap limit, and V8's fatal out-of-memory then aborts the whole host process. Refuse element
  // counts that could not fit in the heap anyway (8 bytes is the least an element costs).
  const maxElements = (settings.memoryLimitMb * 2 ** 20) / 8;
  const lengthOf = (value: unknown) =>
    value === null || value === undefined ? 0 : Number((value as { length?: unknown }).length) || 0;
  const span = (length: number, start: unknown, end: unknown) => {
    const at = (value: unknown, fallback: number) => {
      if (value === undefined) return fallback;
      const n = Math.trunc(Number(value)) || 0;
      return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
    };
    return at(end, length) - at(start, 0);
  };
  const guard = (owner: object, name: string, count: (self: unknown, args: unknown[]) => number) => {
    const original = (owner as Record<string, unknown>)[name];
    if (typeof original !== 'function') return;
    const guarded = function (this: unknown, ...args: unknown[]) {
      const elements = count(this, args);
      if (elements > maxElements)
        throw new RangeError(
          `${name}: ${elements} elements cannot fit in the sandbox memory limit (${settings.memoryLimitMb} MiB)`,
        );
      return reflectApply(original, this, args);
    };
    Object.defineProperties(guarded, { name: { value: name }, length: { value: original.length } });
    Object.defineProperty(owner, name, { value: guarded, writable: true, configurable: true, enumerable: false });
  };
  for (const name of ['toReversed', 'toSorted', 'toSpliced', 'with'])
    guard(Array.prototype, name, (self) => lengthOf(self));
  guard(Array.prototype, 'fill', (self, args) => span(lengthOf(self), args[1], args[2]));
  guard(Array, 'from', (_self, args) => lengthOf(args[0]));
  // A resizable ArrayBuffer commits its pages outside the isolate's heap accounting: one resized past the memory
  // limit is refused here (the sandbox process's RSS cap catches several smaller ones).
  const arrayBufferResize = (ArrayBuffer.prototype as { resize?: unknown }).resize;
  if (typeof arrayBufferResize === 'function') {
    const limitBytes = settings.memoryLimitMb * 2 ** 20;
    const resize = function (this: unknown, ...args: unknown[]) {
      const bytes = Number(args[0]);
      if (bytes > limitBytes)
        throw new RangeError(
          `ArrayBuffer resize: ${bytes} bytes cannot fit in the sandbox memory limit (${settings.memoryLimitMb} MiB)`,
        );
      return reflectApply(arrayBufferResize, this, args);
    };
    Object.defineProperties(resize, { name: { value: 'resize' }, length: { value: 1 } });
    // oxlint-disable-next-line no-extend-native -- replaces the built-in with a bounded one, inside the isolate only
    Object.defineProperty(ArrayBuffer.prototype, 'resize', {
      value: resize,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  for (const name of settings.hostFunctions) g[name] = (...args: unknown[]) => call(name, args);

  const describe = (value: unknown): string => inspect(value);
  const host = { call, callSync: invokeHostSync, inspect, format, describe, print, globals: g };
  if (settings.extension) new Function('host', settings.extension)(host);

  g.__rlm_run_cell = (body: () => Promise<unknown>): Promise<IsolateCellOutcome> => {
    const cell = ++state.cellSeq;
    state.cell = cell;
    state.written = 0;
    state.dropped = 0;
    const finish = (partial: Pick<IsolateCellOutcome, 'ok' | 'value' | 'error'>): IsolateCellOutcome => {
      const timersCancelled = state.cell === cell ? state.timers.size : 0;
      if (state.cell === cell) {
        state.cell = 0;
        state.timers.clear();
      }
      // No prototype: a `then` planted on Object.prototype must not turn the outcome into a thenable.
      return setPrototypeOf({ ...partial, droppedChars: state.dropped, timersCancelled }, null) as IsolateCellOutcome;
    };
    const text = (value: unknown): string => (typeof value === 'string' ? value : describe(value));
    const fail = (error: unknown) =>
      finish({
        ok: false,
        error:
          error instanceof Error
            ? {
                name: text(error.name),
                message: text(error.message),
                stack: typeof error.stack === 'string' ? error.stack : undefined,
              }
            : { name: 'Uncaught', message: describe(error) },
      });
    try {
      return then(
        body(),
        (value) => finish({ ok: true, value: value === undefined ? undefined : describe(value) }),
        fail,
      ) as Promise<IsolateCellOutcome>;
    } catch (error) {
      return resolved(fail(error));
    }
  };

  let baseline = new Set<string>();
  g.__rlm_list_vars = () =>
    Object.getOwnPropertyNames(g)
      .filter((name) => !baseline.has(name))
      .map((name) => ({ name, summary: summarize(g[name]) }));
  const summarize = (value: unknown): string => {
    if (typeof value === 'string') return `string, ${value.length} chars`;
    if (Array.isArray(value)) return `Array(${value.length})`;
    if (typeof value === 'function') return 'function';
    if (value === null || typeof value !== 'object') return `${typeof value} ${String(value).slice(0, 40)}`;
    if (value instanceof Map || value instanceof Set) return `${value.constructor.name}(${value.size})`;
    return value.constructor?.name ?? 'object';
  };

  for (const name of [...settings.reserved, '__rlm_run_cell', '__rlm_list_vars', '__rlm_global']) {
    if (name === '__rlm_global') g.__rlm_global = g;
    if (!(name in g)) continue;
    Object.defineProperty(g, name, { value: g[name], writable: false, configurable: false, enumerable: false });
  }
  // Everything defined so far is the REPL's furniture; anything new is the model's own variable.
  baseline = new Set(Object.getOwnPropertyNames(g));
}
