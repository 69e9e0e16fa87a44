// npm run bench:context — loading contexts, each as a ratio against a floor measured in the same run:
//   tree   a 50,000-file tree (36 MB) as `--context <dir>`, against a recursive readdir + 64 parallel reads
//          (goal ≤ 1.5×), and its peak RSS against 3 × content + 150 MB. Each run is a fresh process.
//   stdin  100 MB piped into `rlm ask` → the first root request reaches the server, against a script that reads
//          the same stdin and sends one request (goal ≤ floor + 400 ms). Needs the built CLI (`npm run build`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../src/scripted-server/index.ts';
import { formatBytes } from '../src/ui/format.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const work = mkdtempSync(path.join(tmpdir(), 'rlm-bench-context-'));

function capture(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}:\n${err}`)),
    );
  });
}

// ---- tree ------------------------------------------------------------------------------------------------------
const FILES = 50_000;
const tree = path.join(work, 'tree');
for (let index = 0; index < FILES; index += 1) {
  const dir = path.join(tree, `pkg-${index % 100}`, `mod-${Math.floor(index / 100) % 50}`);
  if (index < 5000) mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `file-${index}.ts`),
    `export const value${index} = ${index};\n// ${'lorem ipsum '.repeat(60)}\n`,
  );
}
writeFileSync(path.join(tree, '.gitignore'), 'pkg-99/\n');

interface TreeSample {
  ms: number;
  maxRssMb: number;
  files: number;
  bytes: number;
}
const measureTree = async (mode: 'floor' | 'rlm') =>
  JSON.parse(await capture(process.execPath, ['bench/support/context-child.ts', mode, tree])) as TreeSample;
await measureTree('floor'); // warm the page cache
const floorRuns: TreeSample[] = [];
const rlmRuns: TreeSample[] = [];
for (let run = 0; run < RUNS; run += 1) {
  floorRuns.push(await measureTree('floor'));
  rlmRuns.push(await measureTree('rlm'));
}
const floorMs = median(floorRuns.map((sample) => sample.ms));
const rlmMs = median(rlmRuns.map((sample) => sample.ms));
const rss = median(rlmRuns.map((sample) => sample.maxRssMb));
const contentMb = (rlmRuns[0]?.bytes ?? 0) / 2 ** 20;
console.log(
  `tree        ${FILES.toLocaleString('en-US')}-file tree (${rlmRuns[0]?.files.toLocaleString('en-US')} loaded after .gitignore, ${contentMb.toFixed(1)} MB), medians of ${RUNS} fresh processes, warm page cache:`,
);
console.log(
  `            load ${rlmMs.toFixed(0)} ms vs readdir + 64 parallel reads ${floorMs.toFixed(0)} ms → ratio ${(rlmMs / floorMs).toFixed(2)} (goal ≤ 1.5)`,
);
console.log(
  `            peak RSS ${rss.toFixed(0)} MB vs 3 × content + 150 MB = ${(3 * contentMb + 150).toFixed(0)} MB → ratio ${(rss / (3 * contentMb + 150)).toFixed(2)} (goal ≤ 1); floor's own peak RSS ${median(floorRuns.map((sample) => sample.maxRssMb)).toFixed(0)} MB`,
);

// ---- stdin -----------------------------------------------------------------------------------------------------
const cli = path.join(root, 'bin', 'rlm.js');
if (!existsSync(path.join(root, 'dist', 'cli.js')))
  throw new Error('dist/cli.js is missing: run `npm run build` first');
const STDIN_MB = 100;
const big = path.join(work, 'big.log');
const line = (index: number) =>
  `2026-11-28T10:${String(index % 60).padStart(2, '0')}:00Z worker-${index % 17} handled request ${index} in ${index % 997} ms\n`;
const lines: string[] = [];
let size = 0;
for (let index = 0; size < STDIN_MB * 2 ** 20; index += 1) {
  const next = line(index);
  lines.push(next);
  size += next.length;
}
writeFileSync(big, lines.join(''));
lines.length = 0;

let firstRequestAt = 0;
const server = await startTestServer(() => {
  firstRequestAt ||= performance.now();
  return { text: 'FINAL(done)' };
});
const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
const tiny = path.join(work, 'tiny.log');
writeFileSync(tiny, line(0).repeat(10));
async function timeToFirstRequest(command: string, input = big): Promise<number> {
  firstRequestAt = 0;
  const started = performance.now();
  await capture('sh', ['-c', `cat ${quote(input)} | ${command} > /dev/null`]);
  if (firstRequestAt === 0) throw new Error(`no request reached the server from: ${command}`);
  return firstRequestAt - started;
}
const node = quote(process.execPath);
const floorCommand = `${node} bench/support/stdin-floor.ts ${quote(server.baseURL)}`;
const rlmCommand = `${node} --no-node-snapshot ${quote(cli)} ask --base-url ${quote(server.baseURL)} -m root --sub-model sub --no-log -q q`;
await timeToFirstRequest(floorCommand); // warm the page cache
const samples = { floor: [] as number[], rlm: [] as number[], tinyFloor: [] as number[], tinyRlm: [] as number[] };
for (let run = 0; run < RUNS; run += 1) {
  samples.floor.push(await timeToFirstRequest(floorCommand));
  samples.rlm.push(await timeToFirstRequest(rlmCommand));
  samples.tinyFloor.push(await timeToFirstRequest(floorCommand, tiny));
  samples.tinyRlm.push(await timeToFirstRequest(rlmCommand, tiny));
}
await server.close();
const [floor100, rlm100, floorTiny, rlmTiny] = [samples.floor, samples.rlm, samples.tinyFloor, samples.tinyRlm].map(
  median,
) as [number, number, number, number];
console.log(
  `stdin       ${STDIN_MB} MB piped into rlm ask → first root request, medians of ${RUNS}: ${rlm100.toFixed(0)} ms vs read-and-send script ${floor100.toFixed(0)} ms → +${(rlm100 - floor100).toFixed(0)} ms (goal ≤ +400 ms)`,
);
console.log(
  `            of which start-up (the same with ${formatBytes(statSync(tiny).size)} of stdin: ${rlmTiny.toFixed(0)} ms vs ${floorTiny.toFixed(0)} ms) +${(rlmTiny - floorTiny).toFixed(0)} ms; the ${STDIN_MB} MB itself +${(rlm100 - floor100 - (rlmTiny - floorTiny)).toFixed(0)} ms`,
);
rmSync(work, { recursive: true, force: true });
