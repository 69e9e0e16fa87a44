// Preloaded into the CLI by bench:ui (`node --import`): at exit, writes what the run's own thread (the main thread,
// where the engine runs) spent on the CPU and, on Linux, how long it waited for a core, to $RLM_BENCH_THREAD_STATS.
// Also, on Linux, the same two figures for every other thread by name (the live view's worker, libuv's pool, V8's
// helpers), sampled every 100 ms since a worker thread is gone by the time the process exits. Plain JavaScript: a
// TypeScript preload would cost every thread it loads in (the view's worker too) the type stripper's start-up.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

// `--import` preloads this into worker threads too (the live view's): it measures from the main thread only.
const file = isMainThread ? process.env.RLM_BENCH_THREAD_STATS : undefined;
const SAMPLE_MS = 100;

/** schedstat: time on a CPU, time runnable but waiting for one (ns), timeslices. */
/** @returns {{ cpuMs: number, waitMs: number } | null} */
function schedstat(/** @type {string} */ tid) {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(' ');
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
