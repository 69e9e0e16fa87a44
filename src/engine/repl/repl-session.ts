import type { CellResult, SandboxContext, SandboxOptions, VariableSummary } from '../sandbox/index.ts';

/** What the loop and the prompt need to know about the language a REPL speaks. */
export interface ReplLanguage {
  /** Shown to the model ("JavaScript"). */
  name: string;
  /** The fence tag the model is told to use (```js). */
  fence: string;
  /** Fence tags whose blocks run in this REPL, mapped to the dialect the session runs them as. */
  dialects: Record<string, string>;
  /** A cell's last expression is shown with its output, as in a console (the prompt tells the model so). */
  showsLastExpression: boolean;
  /** `await` works at the top level of a cell. */
  topLevelAwait: boolean;
}

/** The limits of a session, as the prompt and the loop report them. */
export interface ReplLimits {
  outputLimitChars: number;
  memoryLimitMb: number;
  cpuTimeLimitMs: number;
  wallTimeLimitMs: number;
}

export interface RunCellOptions {
  /** A dialect from `language.dialects` (e.g. `ts`); the session's default when absent. */
  dialect?: string;
  signal?: AbortSignal;
  /**
   * A hint that `listVariables` follows this cell: a session behind a channel may list them with the cell's result
   * and save the round trip. The result and the listing are the same either way.
   */
  listVariablesAfter?: boolean;
}

/**
 * A persistent REPL the RLM loop runs cells in. The loop knows only this interface: the isolated-vm sandbox in this
 * process is the default implementation; a sandbox process, Pyodide or a container are others.
 */
export interface ReplSession {
  readonly language: ReplLanguage;
  readonly limits: ReplLimits;
  /** Runs one cell; sandbox errors are results (observations for the model), never thrown. */
  run(code: string, options?: RunCellOptions): Promise<CellResult>;
  /** The model's own variables with a short summary each (not what defineVariable / loadContext put there). */
  listVariables(): Promise<VariableSummary[]>;
  /** Defines (or replaces) a global holding a copy of a plain value; survives restarts of the session. */
  defineVariable(name: string, value: unknown): Promise<void>;
  /** Loads a context under a global name (`context`, `context_1`, …); survives restarts of the session. */
  loadContext(name: string, context: SandboxContext): Promise<void>;
  dispose(): void | Promise<void>;
}

/**
 * How a session is set up: the host side of the REPL's API plus the language-specific extension. The options mean
 * what the isolated-vm sandbox's options of the same names mean (a session in another language reads `extension` as
 * source in its own language); the sandbox's extra knobs stay its own.
 */
export type ReplSessionOptions = Pick<
  SandboxOptions,
  | 'context'
  | 'hostFunctions'
  | 'hostCallbacks'
  | 'hostReads'
  | 'extension'
  | 'reserved'
  | 'memoryLimitMb'
  | 'cpuTimeLimitMs'
  | 'wallTimeLimitMs'
  | 'outputLimitChars'
>;

export type ReplSessionFactory = (options: ReplSessionOptions) => Promise<ReplSession>;
