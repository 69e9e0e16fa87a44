// npm run bench — runs the sandbox, engine, context-loading and UI benchmarks and the CLI start-up timing, and writes
// docs/benchmarks.md with the machine, the commands and the figures, exactly as they were printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeBin = process.execPath;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function run(script: string): { command: string; output: string; seconds: number } {
  const started = performance.now();
  const result = spawnSync('npm', ['run', '--silent', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.status === 0 ? '' : `\n(exit ${result.status})\n${result.stderr}`}`.trim();
  console.log(`## npm run ${script}\n${output}\n`);
  return { command: `npm run ${script}`, output, seconds: (performance.now() - started) / 1000 };
}

function time(command: string, args: string[], runs: number): number {
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    spawnSync(command, args, { cwd: root, stdio: 'ignore' });
    samples.push(performance.now() - started);
  }
  return median(samples);
}

spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
const sections = [
  'bench:sandbox',
  'bench:engine',
  'bench:cli',
  'bench:log',
  'bench:context',
  'bench:ui',
  'bench:responsiveness',
].map(run);
const direct = time(nodeBin, ['--no-node-snapshot', 'bin/rlm.js', '--help'], 15);
const viaNpx = time('npx', ['rlm', '--help'], 5);
const startup = `rlm --help (node bin/rlm.js, median of 15): ${direct.toFixed(0)} ms\nnpx rlm --help (median of 5, includes npm's own start-up): ${viaNpx.toFixed(0)} ms`;
console.log(startup);

// The hand-written "## Issue N: before and after" sections are kept: they compare runs of different commits.
const reportFile = path.join(root, 'docs', 'benchmarks.md');
const kept = existsSync(reportFile)
  ? [...readFileSync(reportFile, 'utf8').matchAll(/^## Issue [^\n]*\n[\s\S]*?(?=^## |(?![\s\S]))/gm)].map((match) =>
      match[0].trimEnd(),
    )
  : [];

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = [
  '# Performance figures',
  '',
  `Measured ${new Date().toISOString()} by \`npm run bench\` on ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
  'Each section is the verbatim output of its command. Goals come from the project issues; a figure that misses its goal is reported as measured.',
  '',
  ...kept.flatMap((section) => [section, '']),
  ...sections.flatMap((section) => [
    `## \`${section.command}\` (${section.seconds.toFixed(0)} s)`,
    '',
    '```text',
    section.output,
    '```',
    '',
  ]),
  '## CLI start-up',
  '',
  '```text',
  startup,
  '```',
  '',
];
mkdirSync(path.dirname(reportFile), { recursive: true });
writeFileSync(reportFile, report.join('\n'));
console.log('wrote docs/benchmarks.md');
