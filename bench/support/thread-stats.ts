// Preloaded into the CLI by bench:ui (`node --import`): at exit, writes what the run's own thread (the main thread,
// where the engine runs) spent on the CPU and, on Linux, how long it waited for a core, to $RLM_BENCH_THREAD_STATS.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.RLM_BENCH_THREAD_STATS;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.threadCpuUsage();
    let waitMs: number | null = null;
    try {
      // schedstat: time on a CPU, time runnable but waiting for one (ns), timeslices.
      const fields = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(' ');
      waitMs = Number(fields[1]) / 1e6;
    } catch {
      // Not Linux.
    }
    writeFileSync(file, `${JSON.stringify({ cpuMs: (user + system) / 1000, waitMs })}\n`);
  });
}
