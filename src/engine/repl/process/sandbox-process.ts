import { fork, type ChildProcess } from 'node:child_process';
import { RlmError } from '../../errors.ts';
import { readFileSync } from 'node:fs';
import { crashDetail, ProcessLost, type LossReason } from './loss.ts';
import type { FromChild, ToChild } from './protocol.ts';
import { findSandboxEntry, sandboxExecArgv } from './spawn-options.ts';

/** What the process tells the session that owns a session id. */
export interface SessionPeer {
  hostCall(call: number, name: string, args: unknown[]): void;
  notify(name: string, args: unknown[]): void;
  /** The process this session lived in is gone (its isolate and variables with it). */
  lost(generation: number, reason: LossReason): void;
}

export interface SandboxProcessOptions {
  /** RSS the whole process may reach, in MiB, asked again at every check (it follows the open sessions). */
  memoryCapMb: () => number;
  /** Without an answer to a heartbeat for this long the process is killed. Default 30 s. */
  unresponsiveAfterMs?: number;
  heartbeatMs?: number;
  memoryPollMs?: number;
}

type Request = ToChild extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

interface Running {
  child: ChildProcess;
  generation: number;
  ready: Promise<void>;
  isReady: boolean;
  lastPong: number;
  rssBytes: number;
  stderr: string;
  /** Set once the process is given up (killed or exited); its pending requests were rejected with it. */
  lostFor: LossReason | undefined;
  timers: NodeJS.Timeout[];
}

/**
 * One sandbox process shared by the sessions of a run tree, started on demand and restarted after it dies. The host
 * watches it from outside: a memory cap on its RSS (isolates' ArrayBuffers live outside every heap limit), a
 * heartbeat (a blocked main thread), and a deadline per request. Whatever happens in there, the host only ever sees
 * a rejected request (ProcessLost) and starts a fresh process on the next one.
 */
export class SandboxProcess {
  readonly #options: SandboxProcessOptions;
  readonly #peers = new Map<number, SessionPeer>();
  readonly #pending = new Map<number, Pending>();
  #running: Running | undefined;
  #generation = 0;
  #requestSeq = 0;
  #sessionSeq = 0;
  #disposed = false;

  constructor(options: SandboxProcessOptions) {
    this.#options = options;
  }

  /** The generation of the live process (started if needed): sessions opened in an older one must reopen. */
  async start(): Promise<number> {
    if (this.#disposed) throw new ProcessLost({ kind: 'disposed' });
    const running = this.#running ?? this.#spawn();
    await running.ready;
    if (this.#pending.size === 0) this.#holdOpen(running, false);
    return running.generation;
  }

  get generation(): number {
    return this.#running?.generation ?? 0;
  }

  register(peer: SessionPeer): number {
    const id = ++this.#sessionSeq;
    this.#peers.set(id, peer);
    return id;
  }

  unregister(id: number): void {
    this.#peers.delete(id);
    this.send({ type: 'close', session: id });
  }

  /** Sends a request and waits for its reply; rejects with ProcessLost when the process goes away first. */
  async request(message: Request, options: { deadlineMs?: number } = {}): Promise<unknown> {
    await this.start();
    const running = this.#running;
    if (!running) throw new ProcessLost({ kind: 'recycled' });
    const id = ++this.#requestSeq;
    return new Promise((resolve, reject) => {
      const deadline = options.deadlineMs;
      const timer =
        deadline === undefined ? undefined : setTimeout(() => this.kill({ kind: 'wall', limitMs: deadline }), deadline);
      this.#pending.set(id, { resolve, reject, timer });
      this.#holdOpen(running, true);
      if (!this.#post(running, { ...message, id } as ToChild)) this.kill({ kind: 'crashed', detail: 'IPC closed' });
    });
  }

  /** Fire-and-forget (aborts, read snapshots, host-call results); dropped when no process is running. */
  send(message: ToChild): boolean {
    return this.#running ? this.#post(this.#running, message) : false;
  }

  /** Kills the process now; every pending request rejects with `reason`. */
  kill(reason: LossReason): void {
    const running = this.#running;
    if (!running) return;
    running.child.kill('SIGKILL');
    // Detached at once: the next request starts a fresh process instead of talking to this dying one.
    this.#lost(running, reason);
  }

  dispose(): void {
    this.#disposed = true;
    this.kill({ kind: 'disposed' });
  }

  #spawn(): Running {
    const entry = findSandboxEntry();
    const child = fork(entry.file, [], {
      execArgv: sandboxExecArgv(entry, this.#options.memoryCapMb()),
      // No environment: API keys and tokens never reach the sandbox process.
      env: {},
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const generation = ++this.#generation;
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    ready.catch(() => undefined);
    const running: Running = {
      child,
      generation,
      ready,
      isReady: false,
      lastPong: performance.now(),
      rssBytes: 0,
      stderr: '',
      lostFor: undefined,
      timers: [],
    };
    this.#running = running;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      running.stderr = (running.stderr + chunk).slice(-4_000);
    });
    child.on('message', (message: FromChild) => {
      if (running.lostFor) return;
      if (message.type === 'ready') {
        running.isReady = true;
        running.lastPong = performance.now();
        markReady();
      } else this.#receive(running, message);
    });
    child.on('error', () => this.kill({ kind: 'crashed', detail: 'the process could not be started' }));
    child.on('exit', (code, signal) => {
      const reason = running.lostFor ?? { kind: 'crashed', detail: crashDetail(code, signal, running.stderr) };
      failReady(new ProcessLost(reason));
      this.#lost(running, reason);
    });
    this.#watch(running);
    this.#holdOpen(running, true);
    return running;
  }

  #receive(running: Running, message: FromChild): void {
    switch (message.type) {
      case 'reply': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#settle(message.id, pending);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new RlmError('sandbox_failed', `The sandbox process failed: ${message.message}`));
        if (this.#pending.size === 0) this.#holdOpen(running, false);
        return;
      }
      case 'host_call':
        return this.#peers.get(message.session)?.hostCall(message.call, message.name, message.args);
      case 'notify':
        return this.#peers.get(message.session)?.notify(message.name, message.args);
      case 'pong':
        running.lastPong = performance.now();
        running.rssBytes = message.rssBytes;
        return;
      case 'ready':
        return;
    }
  }

  #settle(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    this.#pending.delete(id);
  }

  #lost(running: Running, reason: LossReason): void {
    if (running.lostFor) return;
    running.lostFor = reason;
    for (const timer of running.timers) clearInterval(timer);
    if (this.#running === running) this.#running = undefined;
    for (const [id, pending] of this.#pending) {
      this.#settle(id, pending);
      pending.reject(new ProcessLost(reason));
    }
    for (const peer of this.#peers.values()) peer.lost(running.generation, reason);
  }

  /** Heartbeat and memory cap. Both timers are unref'd: watching never keeps the host alive. */
  #watch(running: Running): void {
    const unresponsiveAfterMs = this.#options.unresponsiveAfterMs ?? 30_000;
    let pingSeq = 0;
    const heartbeat = setInterval(() => {
      if (!running.isReady) return;
      if (performance.now() - running.lastPong > unresponsiveAfterMs)
        return this.kill({ kind: 'unresponsive', afterMs: unresponsiveAfterMs });
      this.#post(running, { type: 'ping', id: ++pingSeq });
    }, this.#options.heartbeatMs ?? 1_000);
    const memory = setInterval(() => {
      const rss = readRss(running.child.pid) ?? running.rssBytes;
      const capMb = this.#options.memoryCapMb();
      if (rss > capMb * 2 ** 20) this.kill({ kind: 'memory', rssMb: Math.round(rss / 2 ** 20), capMb });
    }, this.#options.memoryPollMs ?? 50);
    heartbeat.unref();
    memory.unref();
    running.timers.push(heartbeat, memory);
  }

  /** The child keeps the host's event loop alive only while a reply is awaited. */
  #holdOpen(running: Running, hold: boolean): void {
    const channel = running.child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (hold) {
      running.child.ref();
      channel?.ref?.();
    } else {
      running.child.unref();
      channel?.unref?.();
    }
  }

  #post(running: Running, message: ToChild): boolean {
    if (!running.child.connected) return false;
    try {
      running.child.send(message);
      return true;
    } catch {
      return false;
    }
  }
}

/** Resident memory of a process from /proc (Linux); undefined elsewhere (the heartbeat's figure is used). */
function readRss(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
