import type { RlmError } from '../errors.ts';
import type { ReplSession } from '../repl/repl-session.ts';
import type { HostCallback, HostFunction, HostRead, SandboxContext } from '../sandbox/index.ts';
import type { ChatMessage, StopReason } from '../types.ts';

/** A context under its REPL name: `context`, then `context_1`, `context_2`, … */
export interface NamedContext {
  name: string;
  context: SandboxContext;
}

/** One question of a session as the REPL's `history` holds it. `messages` is the full root conversation. */
export interface HistoryEntry {
  question: string;
  answer: string | null;
  stopReason: StopReason | null;
  messages: ChatMessage[];
}

/** The host side of one RLM's REPL API: sub-calls, tools, FINAL and budget. */
export interface ReplHost {
  functions: Record<string, HostFunction>;
  callbacks: Record<string, HostCallback>;
  reads: Record<string, HostRead>;
}

/** A REPL that outlives one RLM (a session's): each question's root binds its host functions to it while it runs. */
export interface PersistentRepl {
  /** Readies the REPL (contexts and `history` loaded) and points its host functions at this RLM until `unbind`. */
  open(host: ReplHost): Promise<{ session: ReplSession; unbind: () => void }>;
}

export interface NodeSpec {
  rlmId: string;
  parentId: string | null;
  depth: number;
  question: string;
  /** Earlier turns of a chat input, shown to the root before the question. */
  history: ChatMessage[];
  callerInstructions: string | null;
  contexts: NamedContext[];
  modelId: string;
  /** Stops this RLM (a parent's cell ending, or the run's work signal). */
  signal: AbortSignal;
  /** A session's REPL; absent: the RLM starts its own and disposes it at the end. */
  repl?: PersistentRepl;
  /** Earlier questions of the session, oldest first. */
  earlier?: HistoryEntry[];
}

export interface NodeResult {
  answer: string | null;
  stopReason: StopReason;
  iterations: number;
  error: RlmError | null;
  /** Every message of the root conversation, including turns that compaction replaced. */
  transcript: ChatMessage[];
}
