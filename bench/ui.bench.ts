// npm run bench:ui — what the live TUI costs: the same 1,000-sub-call run (concurrency 32) through the real CLI
// (dist/), once with the TUI in a 100×50 pseudo-terminal (util-linux `script`) and once with --json, several times
// each, interleaved. Both go through the same pty, so the difference is the TUI itself. Two sub-model latencies:
// 200 ms (a fast real model: the run waits on the network) and 20 ms (a stress case where the run is CPU-bound and
// every millisecond the UI spends shows). Reported: medians of the process wall time (spawn → exit) and of the run's
// own duration (run_end in the log), and their TUI ÷ --json ratios (goal ≤ 1.05). The server runs on its own thread.
// Also the CLI's main thread alone (support/thread-stats.js): the live view draws from a process of its own, so what
// the view costs the engine's thread shows there; "waited for a core" is the time that thread was ready but not running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rlmAskArgs } from './support/run-child.ts';
import { startServerThread } from './support/server-thread.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CALLS = 1000;
const CONCURRENCY = 32;
// `npm run bench:ui -- --latency 20 --repetitions 15` runs one scenario only, with more runs than by default.
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? null : Number(process.argv[at + 1]);
};
const only = option('--latency');
const repetitionsArg = option('--repetitions');
const SCENARIOS = [
  { latencyMs: 200, repetitions: repetitionsArg ?? 5 },
  { latencyMs: 20, repetitions: repetitionsArg ?? 31 },
].filter((scenario) => only === null || scenario.latencyMs === only);
if (SCENARIOS.length === 0) throw new Error(`no scenario with --latency ${only} (200 or 20)`);

if (!existsSync(path.join(root, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
if (spawnSync('sh', ['-c', 'command -v script']).status !== 0)
  throw new Error('util-linux `script` is not installed: it provides the pseudo-terminal');

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
const THREAD_STATS = fileURLToPath(new URL('./support/thread-stats.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bench-ui-'));
const contextFile = path.join(dir, 'context.txt');
writeFileSync(contextFile, 'x'.repeat(1000));
const { CI: _ci, NO_COLOR: _noColor, OPENAI_BASE_URL: _base, ...rest } = process.env;
const env = {
  ...rest,
  PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  TERM: 'xterm-256color',
};

type Mode = 'tui' | 'json';
const MODES: Mode[] = ['json', 'tui'];

/** One CLI run in the pty; returns the process wall time and the run's duration from its log. */
async function once(mode: Mode, baseURL: string, index: number): Promise<Sample> {
  const log = path.join(dir, `${mode}-${index}.jsonl`);
  const args = rlmAskArgs(baseURL, [
    '--sub-model',
    'sub',
    '--concurrency',
    String(CONCURRENCY),
    '-c',
    contextFile,
    '--log',
    log,
    ...(mode === 'json' ? ['--json'] : []),
    'fan out',
  ]);
  const threadStats = path.join(dir, `${mode}-${index}.thread`);
  const command = `stty cols 100 rows 50; exec ${[process.execPath, '--import', THREAD_STATS, ...args].map(quote).join(' ')}`;
  const started = performance.now();
  const startedAt = Date.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: root,
    env: { ...env, RLM_BENCH_THREAD_STATS: threadStats },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let bytes = 0;
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  const endedAt = Date.now();
  child.stdin.end();
  if (code !== 0) throw new Error(`${mode} run ${index} exited with ${code}:\n${tail}`);
  const events = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as { type: string; depth?: number; ts?: number; durationMs?: number; subcalls?: number },
    );
  const start = events.find((event) => event.type === 'run_start' && event.depth === 0);
  const end = events.find((event) => event.type === 'run_end' && event.depth === 0);
  if (end?.subcalls !== CALLS)
    throw new Error(`${mode} run ${index}: expected ${CALLS} sub-calls, the log says ${end?.subcalls}`);
  const thread = JSON.parse(readFileSync(threadStats, 'utf8')) as {
    cpuMs: number;
    waitMs: number | null;
    threads: Record<string, { cpuMs: number; waitMs: number }>;
  };
  const cpuOf = (name: string) => thread.threads[name]?.cpuMs ?? 0;
  const others = Object.entries(thread.threads).filter(([name]) => !name.startsWith('process:'));
  return {
    wallMs,
    runMs: end.durationMs ?? 0,
    beforeMs: (start?.ts ?? startedAt) - startedAt,
    afterMs: endedAt - (end.ts ?? endedAt),
    bytes,
    cpuMs: Object.values(thread.threads).reduce((sum, { cpuMs }) => sum + cpuMs, thread.cpuMs),
    mainCpuMs: thread.cpuMs,
    mainWaitMs: thread.waitMs,
    viewCpuMs: cpuOf('process:live-view'),
    viewWaitMs: thread.threads['process:live-view']?.waitMs ?? 0,
    sandboxCpuMs: cpuOf('process:sandbox-process'),
    otherCpuMs: others.reduce((sum, [, { cpuMs }]) => sum + cpuMs, 0),
  };
}

interface Sample {
  wallMs: number;
  runMs: number;
  /** Spawn → run_start, and run_end → the process gone (both through the pty). */
  beforeMs: number;
  afterMs: number;
  bytes: number;
  /** The CLI's threads and its child processes together. */
  cpuMs: number;
  /** The CLI's main thread, where the engine runs: its CPU time, and how long it was runnable but had no core. */
  mainCpuMs: number;
  mainWaitMs: number | null;
  /** The live view's process (0 under --json): its CPU, and how long its threads waited for a core. */
  viewCpuMs: number;
  viewWaitMs: number;
  sandboxCpuMs: number;
  /** Every other thread of the CLI (V8's, libuv's). */
  otherCpuMs: number;
}

for (const { latencyMs, repetitions } of SCENARIOS) {
  const server = await startServerThread('fanOut', { calls: CALLS, latencyMs });
  try {
    // Warm-up: file caches, V8's compile cache, the server's first connections.
    await once('json', server.baseURL, 0);
    await once('tui', server.baseURL, 0);
    const samples: Record<Mode, Sample[]> = { tui: [], json: [] };
    for (let index = 1; index <= repetitions; index += 1) {
      // Alternate the order so neither mode always runs first.
      for (const [offset] of MODES.entries()) {
        const mode = MODES[(index + offset) % MODES.length] as Mode;
        samples[mode].push(await once(mode, server.baseURL, index));
      }
    }
    const stat = (mode: Mode) => ({
      wall: median(samples[mode].map((sample) => sample.wallMs)),
      run: median(samples[mode].map((sample) => sample.runMs)),
      before: median(samples[mode].map((sample) => sample.beforeMs)),
      after: median(samples[mode].map((sample) => sample.afterMs)),
      bytes: median(samples[mode].map((sample) => sample.bytes)),
      cpu: median(samples[mode].map((sample) => sample.cpuMs)),
      mainCpu: median(samples[mode].map((sample) => sample.mainCpuMs)),
      mainWait: median(samples[mode].map((sample) => sample.mainWaitMs ?? Number.NaN)),
      viewCpu: median(samples[mode].map((sample) => sample.viewCpuMs)),
      viewWait: median(samples[mode].map((sample) => sample.viewWaitMs)),
      sandboxCpu: median(samples[mode].map((sample) => sample.sandboxCpuMs)),
      otherCpu: median(samples[mode].map((sample) => sample.otherCpuMs)),
    });
    const tui = stat('tui');
    const json = stat('json');
    // Each repetition ran both modes back to back: the median of those pairs' ratios discounts the machine's drift
    // from one repetition to the next, which the ratio of the two medians does not.
    const paired = (field: 'wallMs' | 'runMs') =>
      median(samples.tui.map((sample, index) => sample[field] / (samples.json[index]?.[field] ?? Number.NaN)));
    const ideal = Math.ceil(CALLS / CONCURRENCY) * latencyMs;
    console.log(
      `ui          ${CALLS.toLocaleString('en-US')} sub-calls × ${latencyMs} ms at concurrency ${CONCURRENCY} (ideal fan-out ${ideal} ms), medians of ${repetitions} interleaved runs through the CLI in a 100×50 pty:`,
    );
    console.log(
      `            process wall: TUI ${tui.wall.toFixed(0)} ms vs --json ${json.wall.toFixed(0)} ms → ratio ${(tui.wall / json.wall).toFixed(3)}, paired ${paired('wallMs').toFixed(3)} (goal ≤ 1.05)`,
    );
    console.log(
      `            run duration: TUI ${tui.run.toFixed(0)} ms vs --json ${json.run.toFixed(0)} ms → ratio ${(tui.run / json.run).toFixed(3)}, paired ${paired('runMs').toFixed(3)} (goal ≤ 1.05)`,
    );
    console.log(
      `            around the run: spawn → run start TUI ${tui.before.toFixed(0)} ms vs --json ${json.before.toFixed(0)} ms; run end → exit TUI ${tui.after.toFixed(0)} ms vs --json ${json.after.toFixed(0)} ms`,
    );
    console.log(
      `            CPU, the CLI and its processes: TUI ${tui.cpu.toFixed(0)} ms vs --json ${json.cpu.toFixed(0)} ms → ratio ${(tui.cpu / json.cpu).toFixed(3)}`,
    );
    console.log(
      `            the run's own thread (engine): CPU TUI ${tui.mainCpu.toFixed(0)} ms vs --json ${json.mainCpu.toFixed(0)} ms → ratio ${(tui.mainCpu / json.mainCpu).toFixed(3)}; waited for a core: TUI ${tui.mainWait.toFixed(0)} ms vs --json ${json.mainWait.toFixed(0)} ms`,
    );
    console.log(
      `            the live view's process: CPU ${tui.viewCpu.toFixed(0)} ms, waited for a core ${tui.viewWait.toFixed(0)} ms; the sandbox process: CPU TUI ${tui.sandboxCpu.toFixed(0)} ms vs --json ${json.sandboxCpu.toFixed(0)} ms`,
    );
    console.log(
      `            the CLI's other threads (V8's, libuv's): CPU TUI ${tui.otherCpu.toFixed(0)} ms vs --json ${json.otherCpu.toFixed(0)} ms`,
    );
    console.log(
      `            terminal output: TUI ${(tui.bytes / 1024).toFixed(0)} KB vs --json ${(json.bytes / 1024).toFixed(1)} KB per run`,
    );
  } finally {
    await server.close();
  }
}
rmSync(dir, { recursive: true, force: true });
