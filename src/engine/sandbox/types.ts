/** One document of a multi-file context. */
export interface ContextDocument {
  path: string;
  content: string;
}

/** What the sandbox exposes as `context`: one string, or a list of documents. */
export type SandboxContext = string | ContextDocument[];

/** Passed to every host function call: aborted when the cell ends, times out or the run is cancelled. */
export interface HostCallInfo {
  signal: AbortSignal;
}

/** An async function of the host exposed to sandbox code as a Promise-returning global. Arguments arrive copied. */
export type HostFunction = (args: unknown[], info: HostCallInfo) => unknown;

/** A synchronous notification to the host (copied arguments, no result), for small bookkeeping like FINAL. */
export type HostCallback = (args: unknown[]) => void;

/**
 * A synchronous read of host state (like `budget()`), answered without arguments. A session in another process
 * answers it from a snapshot the host refreshes at each cell start, each settled host call and periodically.
 */
export type HostRead = () => unknown;

export interface SandboxOptions {
  context?: SandboxContext;
  /** Async host functions; each becomes a global of the same name returning a Promise. */
  hostFunctions?: Record<string, HostFunction>;
  /** Sync host notifications reachable from `extension` code through `host.callSync(name, args)`. */
  hostCallbacks?: Record<string, HostCallback>;
  /** Sync host reads reachable the same way; `host.callSync(name, [])` returns a copy of the value. */
  hostReads?: Record<string, HostRead>;
  /** JavaScript run once per isolate after the built-ins, with `host` in scope; may define more globals. */
  extension?: string;
  /** Global names user code may not redeclare or overwrite (built-ins are always protected). */
  reserved?: string[];
  /** Isolate heap limit; raised automatically so the context always fits. Default 1024 MiB. */
  memoryLimitMb?: number;
  /** CPU time one cell may use, including code that runs after an `await`. Default 60 s. */
  cpuTimeLimitMs?: number;
  /** Wall-clock time one cell may take, waiting on host calls included. Default 15 min. */
  wallTimeLimitMs?: number;
  /** Characters of output the model sees per cell (head + tail). Default 20,000. */
  outputLimitChars?: number;
  /** Characters of output captured per cell for the trajectory; the rest is counted and dropped. Default 2,000,000. */
  captureLimitChars?: number;
  /** Pending timers one cell may hold. Default 1,000. */
  maxTimers?: number;
  /** A cell idle this long with nothing pending (no host call, no timer) can never finish. Default 2 s. */
  deadlockAfterMs?: number;
}

export type CellErrorKind =
  | 'syntax'
  | 'runtime'
  | 'cpu_limit'
  | 'wall_limit'
  | 'memory_limit'
  | 'deadlock'
  | 'aborted'
  /** The sandbox process died under the cell (a V8 fatal error, a native crash) and was restarted. */
  | 'crashed';

export interface CellError {
  kind: CellErrorKind;
  name: string;
  message: string;
  /** 1-based line in the cell's code, when known. */
  line?: number;
}

export interface CellResult {
  ok: boolean;
  /** Everything the cell printed, up to the capture limit (kept for the trajectory). */
  output: string;
  /** Output, value, error and notes as the model sees them: truncated head + tail. */
  modelOutput: string;
  /** Characters cut from `modelOutput` by truncation. */
  omittedChars: number;
  /** Inspected value of the cell's last expression statement, if any. */
  value?: string;
  error?: CellError;
  /** The isolate died (memory, CPU, wall-clock) and was recreated: earlier variables are gone. */
  sessionReset: boolean;
  /** Facts worth telling the model, e.g. cancelled timers or dropped output. */
  notes: string[];
  /** True when the cell's code only parsed after TypeScript types were stripped. */
  strippedTypes: boolean;
  durationMs: number;
  cpuMs: number;
}

export interface VariableSummary {
  name: string;
  summary: string;
}
