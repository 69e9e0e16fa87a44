import {
  RLM_HOST_CALLBACKS,
  RLM_HOST_FUNCTIONS,
  RLM_HOST_READS,
  RLM_RESERVED,
  rlmSandboxApiSource,
} from '../loop/sandbox-api.ts';
import type { HistoryEntry, NamedContext, PersistentRepl, ReplHost } from '../loop/node-spec.ts';
import type { ResolvedSettings } from '../run/run-context.ts';
import type { ReplSession } from '../repl/repl-session.ts';
import type { HostCallback, HostFunction, HostRead } from '../sandbox/index.ts';

/**
 * A session's one REPL. Its host functions are fixed when it starts, so each forwards to whichever question's root
 * RLM is bound at the time; contexts added since the last question and the latest `history` are loaded on open.
 */
export class SessionRepl implements PersistentRepl {
  readonly #settings: ResolvedSettings;
  readonly #contexts: readonly NamedContext[];
  readonly #history: readonly HistoryEntry[];
  #session: Promise<ReplSession> | undefined;
  #host: ReplHost | undefined;
  #loadedContexts = 0;
  #definedHistory = 0;
  #disposed = false;

  /** `contexts` and `history` are the session's own lists, read (not copied) at every open. */
  constructor(settings: ResolvedSettings, contexts: readonly NamedContext[], history: readonly HistoryEntry[]) {
    this.#settings = settings;
    this.#contexts = contexts;
    this.#history = history;
  }

  async open(host: ReplHost): Promise<{ session: ReplSession; unbind: () => void }> {
    const session = await this.#start();
    await this.sync();
    this.#host = host;
    return {
      session,
      unbind: () => {
        if (this.#host === host) this.#host = undefined;
      },
    };
  }

  /** Loads contexts added since the last call and the newest `history`. */
  async sync(): Promise<ReplSession> {
    const session = await this.#start();
    while (this.#loadedContexts < this.#contexts.length) {
      const entry = this.#contexts[this.#loadedContexts];
      if (entry) await session.loadContext(entry.name, entry.context);
      this.#loadedContexts += 1;
    }
    if (this.#definedHistory !== this.#history.length) {
      await session.defineVariable('history', this.#history);
      this.#definedHistory = this.#history.length;
    }
    return session;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    const session = this.#session;
    this.#session = undefined;
    if (session) await (await session.catch(() => undefined))?.dispose();
  }

  #start(): Promise<ReplSession> {
    if (this.#disposed) return Promise.reject(new Error('The session has been disposed'));
    if (!this.#session) {
      const first = this.#contexts[0];
      this.#session = this.#settings.createReplSession({
        ...this.#settings.sandbox,
        ...(first === undefined ? {} : { context: first.context }),
        hostFunctions: this.#forwardFunctions(),
        hostCallbacks: this.#forwardCallbacks(),
        hostReads: this.#forwardReads(),
        extension: rlmSandboxApiSource(this.#settings.subcallBounds),
        reserved: RLM_RESERVED,
      });
      // The first context went in at creation.
      if (first) this.#loadedContexts = 1;
      this.#session.catch(() => (this.#session = undefined));
    }
    return this.#session;
  }

  #forwardFunctions(): Record<string, HostFunction> {
    const names = [...RLM_HOST_FUNCTIONS, ...Object.keys(this.#settings.tools)];
    return Object.fromEntries(
      names.map((name) => [
        name,
        (args: unknown[], info: Parameters<HostFunction>[1]) => {
          const target = this.#host?.functions[name];
          if (!target) throw new Error(`${name}: no question is running in this session`);
          return target(args, info);
        },
      ]),
    );
  }

  #forwardCallbacks(): Record<string, HostCallback> {
    return Object.fromEntries(
      RLM_HOST_CALLBACKS.map((name) => [
        name,
        (args: unknown[]) => {
          const target = this.#host?.callbacks[name];
          if (!target) throw new Error(`${name}: no question is running in this session`);
          return target(args);
        },
      ]),
    );
  }

  #forwardReads(): Record<string, HostRead> {
    return Object.fromEntries(
      RLM_HOST_READS.map((name) => [
        name,
        () => {
          const target = this.#host?.reads[name];
          if (!target) throw new Error(`${name}: no question is running in this session`);
          return target();
        },
      ]),
    );
  }
}
