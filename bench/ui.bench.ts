// npm run bench:ui — what the live TUI costs: the same 1,000-sub-call run (sub-model 20 ms, concurrency 32) through
// the real CLI (dist/), once with the TUI in a 100×50 pseudo-terminal (util-linux `script`) and once with --json,
// several times each, interleaved. Both go through the same pty, so the difference is the TUI itself.
// Reported: medians of the process wall time (spawn → exit) and of the run's own duration (run_end in the log),
// and their TUI ÷ --json ratios (goal ≤ 1.05); also the TUI with NODE_ENV=production, since the bundle runs React's
// development build unless that is set. The scripted server runs on its own thread.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerThread } from './support/server-thread.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CALLS = 1000;
const LATENCY_MS = 20;
const CONCURRENCY = 32;
const REPETITIONS = 7;

if (!existsSync(path.join(root, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) throw new Error('util-linux `script` is not installed: it provides the pseudo-terminal');

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bench-ui-'));
const contextFile = path.join(dir, 'context.txt');
writeFileSync(contextFile, 'x'.repeat(1000));
const { CI: _ci, NO_COLOR: _noColor, OPENAI_BASE_URL: _base, ...rest } = process.env;
const env = { ...rest, PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter), XDG_CONFIG_HOME: path.join(dir, 'config'), TERM: 'xterm-256color' };

/** `tui-prod`: the TUI with NODE_ENV=production, i.e. React's production build (the bundle ships the development one). */
type Mode = 'tui' | 'tui-prod' | 'json';
const MODES: Mode[] = ['json', 'tui', 'tui-prod'];

/** One CLI run in the pty; returns the process wall time and the run's duration from its log. */
async function once(mode: Mode, baseURL: string, index: number): Promise<{ wallMs: number; runMs: number; bytes: number }> {
  const log = path.join(dir, `${mode}-${index}.jsonl`);
  const args = ['ask', '--base-url', baseURL, '-m', 'root', '--sub-model', 'sub', '--concurrency', String(CONCURRENCY), '-c', contextFile, '--log', log, ...(mode === 'json' ? ['--json'] : []), 'fan out'];
  const command = `stty cols 100 rows 50; exec ${[process.execPath, '--no-node-snapshot', 'bin/rlm.js', ...args].map(quote).join(' ')}`;
  const started = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: mode === 'tui-prod' ? { ...env, NODE_ENV: 'production' } : env, stdio: ['pipe', 'pipe', 'inherit'] });
  let bytes = 0;
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  child.stdin.end();
  if (code !== 0) throw new Error(`${mode} run ${index} exited with ${code}:\n${tail}`);
  const end = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; depth?: number; durationMs?: number; subcalls?: number }).find((event) => event.type === 'run_end' && event.depth === 0);
  if (end?.subcalls !== CALLS) throw new Error(`${mode} run ${index}: expected ${CALLS} sub-calls, the log says ${end?.subcalls}`);
  return { wallMs, runMs: end.durationMs ?? 0, bytes };
}

const server = await startServerThread('fanOut', { calls: CALLS, latencyMs: LATENCY_MS });
try {
  // Warm-up: file caches, the server's first connections.
  await once('json', server.baseURL, 0);
  await once('tui', server.baseURL, 0);
  const samples: Record<Mode, Array<{ wallMs: number; runMs: number; bytes: number }>> = { tui: [], 'tui-prod': [], json: [] };
  for (let index = 1; index <= REPETITIONS; index += 1) {
    // Rotate the order so no mode always runs first or last.
    for (const [offset] of MODES.entries()) {
      const mode = MODES[(index + offset) % MODES.length] as Mode;
      samples[mode].push(await once(mode, server.baseURL, index));
    }
  }
  const stat = (mode: Mode) => ({ wall: median(samples[mode].map((sample) => sample.wallMs)), run: median(samples[mode].map((sample) => sample.runMs)), bytes: median(samples[mode].map((sample) => sample.bytes)) });
  const tui = stat('tui');
  const json = stat('json');
  const prod = stat('tui-prod');
  const ideal = Math.ceil(CALLS / CONCURRENCY) * LATENCY_MS;
  console.log(`ui          ${CALLS.toLocaleString('en-US')} sub-calls × ${LATENCY_MS} ms at concurrency ${CONCURRENCY} (ideal fan-out ${ideal} ms), medians of ${REPETITIONS} interleaved runs through the CLI in a 100×50 pty:`);
  console.log(`            process wall: TUI ${tui.wall.toFixed(0)} ms vs --json ${json.wall.toFixed(0)} ms → ratio ${(tui.wall / json.wall).toFixed(3)} (goal ≤ 1.05)`);
  console.log(`            run duration: TUI ${tui.run.toFixed(0)} ms vs --json ${json.run.toFixed(0)} ms → ratio ${(tui.run / json.run).toFixed(3)} (goal ≤ 1.05)`);
  console.log(`            with NODE_ENV=production (React's production build): wall ${prod.wall.toFixed(0)} ms → ratio ${(prod.wall / json.wall).toFixed(3)}; run ${prod.run.toFixed(0)} ms → ratio ${(prod.run / json.run).toFixed(3)}`);
  console.log(`            terminal output: TUI ${(tui.bytes / 1024).toFixed(0)} KB vs --json ${(json.bytes / 1024).toFixed(1)} KB per run`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
