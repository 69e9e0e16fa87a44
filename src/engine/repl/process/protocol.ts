/**
 * Messages between the host and the sandbox process (Node IPC with structured-clone serialisation). Only plain data
 * crosses: code, copied arguments and results, strings; never functions or host objects.
 */
import type { CellResult, SandboxContext, VariableSummary } from '../../sandbox/index.ts';
import type { ReplSessionOptions } from '../repl-session.ts';

/** How the child builds one session's Sandbox: the session's options, with the host functions as names (IPC). */
export type ChildSessionOptions = Omit<ReplSessionOptions, 'hostFunctions' | 'hostCallbacks' | 'hostReads'> & {
  hostFunctions: string[];
  hostCallbacks: string[];
  hostReads: string[];
};

/** Current values of a session's host reads (budget()), pushed with every cell start and host-call result. */
export type ReadSnapshot = Record<string, unknown>;

export interface HostFailure {
  name: string;
  message: string;
}

export type ToChild =
  | { type: 'open'; id: number; session: number; options: ChildSessionOptions; reads: ReadSnapshot }
  | {
      type: 'run';
      id: number;
      session: number;
      cell: number;
      code: string;
      dialect?: string;
      reads: ReadSnapshot;
      /** Reply with the model's variables as listed after the cell (a `RunReply`), saving a `list` round trip. */
      list?: boolean;
    }
  /** Stops cell `cell` of the session, or makes it start stopped when this arrives first. */
  | { type: 'abort'; session: number; cell: number }
  | { type: 'list'; id: number; session: number }
  | { type: 'define'; id: number; session: number; name: string; value: unknown }
  | { type: 'load'; id: number; session: number; name: string; context: SandboxContext }
  | { type: 'close'; session: number }
  | { type: 'reads'; session: number; reads: ReadSnapshot }
  | { type: 'host_result'; call: number; ok: true; value: unknown; reads: ReadSnapshot }
  | { type: 'host_result'; call: number; ok: false; error: HostFailure; reads: ReadSnapshot }
  | { type: 'ping'; id: number };

/** A `run` reply: the cell's result, and the variables after it when the run asked for them. */
export interface RunReply {
  result: CellResult;
  variables?: VariableSummary[];
}

export type FromChild =
  | { type: 'ready' }
  | { type: 'reply'; id: number; ok: true; value?: RunReply | VariableSummary[] | undefined }
  | { type: 'reply'; id: number; ok: false; message: string }
  | { type: 'host_call'; session: number; call: number; name: string; args: unknown[] }
  | { type: 'notify'; session: number; name: string; args: unknown[] }
  | { type: 'pong'; id: number; rssBytes: number };

/** The child's side of the channel, as the entry file wires it to `process`. */
export interface ChildPort {
  send(message: FromChild): void;
  onMessage(handler: (message: ToChild) => void): void;
}
