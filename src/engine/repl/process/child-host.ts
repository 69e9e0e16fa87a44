import { Sandbox, type CellResult, type HostCallback, type HostFunction, type HostRead } from '../../sandbox/index.ts';
import type { ChildPort, ChildSessionOptions, HostFailure, ReadSnapshot, RunReply, ToChild } from './protocol.ts';

interface ChildSession {
  sandbox: Sandbox;
  reads: ReadSnapshot;
  cell: { id: number; controller: AbortController } | undefined;
  /** A cell the host cancelled before its run message was handled. */
  cancelled: number;
}

interface PendingCall {
  session: ChildSession;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The sandbox process's side: one Sandbox (isolate) per session of the host. Host functions become messages to the
 * host; notifications (FINAL) are sent as they happen, so they reach the host before the cell's result; reads
 * (budget()) are answered from the latest snapshot the host pushed.
 */
export function serveSandboxes(port: ChildPort, memoryUsage: () => number): void {
  const sessions = new Map<number, ChildSession>();
  const calls = new Map<number, PendingCall>();
  let callSeq = 0;

  const reply = (id: number, work: () => Promise<unknown>) => {
    work().then(
      (value) => port.send({ type: 'reply', id, ok: true, value: value as never }),
      (error: unknown) =>
        port.send({ type: 'reply', id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  };
  const session = (id: number): ChildSession => {
    const found = sessions.get(id);
    if (!found) throw new Error(`no sandbox session ${id}`);
    return found;
  };

  const open = async (id: number, options: ChildSessionOptions, reads: ReadSnapshot) => {
    const state = { reads, cell: undefined, cancelled: 0 } as unknown as ChildSession;
    const hostFunctions: Record<string, HostFunction> = {};
    for (const name of options.hostFunctions)
      hostFunctions[name] = (args, info) =>
        new Promise((resolve, reject) => {
          const call = ++callSeq;
          calls.set(call, { session: state, resolve, reject });
          info.signal.addEventListener('abort', () => calls.delete(call), { once: true });
          port.send({ type: 'host_call', session: id, call, name, args });
        });
    const hostCallbacks: Record<string, HostCallback> = {};
    for (const name of options.hostCallbacks)
      hostCallbacks[name] = (args) => port.send({ type: 'notify', session: id, name, args });
    const hostReads: Record<string, HostRead> = {};
    for (const name of options.hostReads) hostReads[name] = () => state.reads[name];
    state.sandbox = await Sandbox.create({ ...options, hostFunctions, hostCallbacks, hostReads });
    sessions.get(id)?.sandbox.dispose();
    sessions.set(id, state);
  };

  port.onMessage((message: ToChild) => {
    switch (message.type) {
      case 'open':
        return reply(message.id, () => open(message.session, message.options, message.reads));
      case 'run':
        return reply(message.id, async () => {
          const state = session(message.session);
          state.reads = message.reads;
          const controller = new AbortController();
          if (state.cancelled === message.cell) controller.abort();
          state.cell = { id: message.cell, controller };
          let result: CellResult;
          try {
            result = await state.sandbox.run(message.code, {
              ...(message.dialect === undefined ? {} : { dialect: message.dialect }),
              signal: controller.signal,
            });
          } finally {
            state.cell = undefined;
          }
          const listed: RunReply = { result };
          // A reset isolate has nothing to list; the host reports the loss instead.
          if (message.list && !result.sessionReset) listed.variables = await state.sandbox.listVariables();
          return listed;
        });
      case 'abort': {
        const state = sessions.get(message.session);
        if (!state) return;
        if (state.cell?.id === message.cell) state.cell.controller.abort();
        else state.cancelled = message.cell;
        return;
      }
      case 'list':
        return reply(message.id, () => session(message.session).sandbox.listVariables());
      case 'define':
        return reply(message.id, () => session(message.session).sandbox.defineVariable(message.name, message.value));
      case 'load':
        return reply(message.id, () => session(message.session).sandbox.loadContext(message.name, message.context));
      case 'close': {
        sessions.get(message.session)?.sandbox.dispose();
        sessions.delete(message.session);
        return;
      }
      case 'reads': {
        const state = sessions.get(message.session);
        if (state) state.reads = message.reads;
        return;
      }
      case 'host_result': {
        const pending = calls.get(message.call);
        if (!pending) return;
        calls.delete(message.call);
        pending.session.reads = message.reads;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(failureError(message.error));
        return;
      }
      case 'ping':
        return port.send({ type: 'pong', id: message.id, rssBytes: memoryUsage() });
    }
  });
  port.send({ type: 'ready' });
}

/** The host's error as the cell will see it: its kind and message, no stack (Sandbox strips this process's frames). */
function failureError(failure: HostFailure): Error {
  if (failure.name === 'TypeError') return new TypeError(failure.message);
  if (failure.name === 'RangeError') return new RangeError(failure.message);
  return new Error(failure.message);
}
