// Preloaded into the CLI by bench:ui (`node --import`): at exit, writes what the run's own thread (the main thread,
// where the engine runs) spent on the CPU and, on Linux, how long it waited for a core, to $RLM_BENCH_THREAD_STATS.
// Also, on Linux, the same two figures for every other thread by name (libuv's pool, V8's helpers) and for each child
// process (the live view's, the sandbox's: all their threads), sampled every 100 ms since a thread or a child may be
// gone by the time the process exits. Plain JavaScript: a TypeScript preload would cost the type stripper's start-up.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

// `--import` preloads this into worker threads too (the live view's): it measures from the main thread only.
const file = isMainThread ? process.env.RLM_BENCH_THREAD_STATS : undefined;
const SAMPLE_MS = 100;

/** schedstat: time on a CPU, time runnable but waiting for one (ns), timeslices. */
/** @returns {{ cpuMs: number, waitMs: number } | null} */
function schedstat(/** @type {string} */ tid, pid = 'self') {
  try {
    const [cpu, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ');
    return { cpuMs: Number(cpu) / 1e6, waitMs: Number(wait) / 1e6 };
  } catch {
    return null;
  }
}

if (file) {
  // The last figures seen per thread id, with the thread's name.
  /** @type {Map<string, { name: string, cpuMs: number, waitMs: number }>} */
  const seen = new Map();
  const sample = () => {
    let tids;
    try {
      tids = readdirSync('/proc/self/task');
    } catch {
      return;
    }
    for (const tid of tids) {
      const stats = schedstat(tid);
      if (!stats) continue;
      const name = seen.get(tid)?.name ?? readName(tid);
      seen.set(tid, { name, ...stats });
    }
    for (const pid of children()) {
      const name = seen.get(pid)?.name ?? childName(pid);
      const total = { cpuMs: 0, waitMs: 0 };
      for (const tid of tasks(pid)) {
        const stats = schedstat(tid, pid);
        total.cpuMs += stats?.cpuMs ?? 0;
        total.waitMs += stats?.waitMs ?? 0;
      }
      if (total.cpuMs > 0) seen.set(pid, { name, ...total });
    }
  };
  /** The processes the CLI's main thread started (Node forks from there). */
  const children = () => {
    try {
      return readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    } catch {
      return [];
    }
  };
  const tasks = (/** @type {string} */ pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  };
  /** `process:live-view`, `process:sandbox-process`: the entry file's name, from the child's command line. */
  const childName = (/** @type {string} */ pid) => {
    try {
      const entry = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .find((word) => word.endsWith('.js'));
      return `process:${entry?.split('/').at(-1)?.replace(/\.js$/, '') ?? '?'}`;
    } catch {
      return 'process:?';
    }
  };
  const readName = (/** @type {string} */ tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    } catch {
      return '?';
    }
  };
  setInterval(sample, SAMPLE_MS).unref();
  process.on('exit', () => {
    sample();
    const { user, system } = process.threadCpuUsage();
    /** @type {Record<string, { cpuMs: number, waitMs: number }>} */
    const threads = {};
    for (const [tid, { name, cpuMs, waitMs }] of seen) {
      if (tid === String(process.pid)) continue;
      const sum = (threads[name] ??= { cpuMs: 0, waitMs: 0 });
      sum.cpuMs += cpuMs;
      sum.waitMs += waitMs;
    }
    const waitMs = schedstat(String(process.pid))?.waitMs ?? null;
    writeFileSync(file, `${JSON.stringify({ cpuMs: (user + system) / 1000, waitMs, threads })}\n`);
  });
}
