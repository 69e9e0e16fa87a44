// npm run bench:sandbox — figures for the isolated-vm sandbox on its own (no model, no HTTP):
//   1. creating a sandbox with a 100 MB string context (median of 3)
//   2. overhead of a trivial cell `1+1` (median of 200, after a warm-up)
//   3. regex scans of the 100 MB context inside the sandbox (median of 3): find one needle; count every line's match
//   4. fan-out: 1,000 parallel host calls of 200 ms each in one cell, wall vs the ideal 200 ms
//   5. peak RSS of this process
import { setTimeout as delay } from 'node:timers/promises';
import { Sandbox } from '../src/engine/sandbox/index.ts';

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark sanity check failed: ${what}`);
}

const line = 'The quick brown fox jumps over the lazy dog while the log rotates at midnight.\n';
const filler = line.repeat(Math.ceil((100 * 2 ** 20) / line.length));
const context = `${filler.slice(0, filler.length - 4_096)}NEEDLE-42 found here\n${filler.slice(0, 4_096 - 21)}`;
const contextMb = context.length / 2 ** 20;

// 1. create with a 100 MB context
const creates: number[] = [];
for (let run = 0; run < 3; run += 1) {
  const { ms: took, value: sandbox } = await timed(() => Sandbox.create({ context }));
  creates.push(took);
  sandbox.dispose();
}

const sandbox = await Sandbox.create({
  context,
  cpuTimeLimitMs: 60_000,
  hostFunctions: {
    wait: async (args, { signal }) => {
      await delay(200, undefined, { signal });
      return args[0];
    },
  },
});
try {
  // 2. trivial cell
  for (let run = 0; run < 20; run += 1) await sandbox.run('1+1');
  const trivial: number[] = [];
  for (let run = 0; run < 200; run += 1) {
    const { ms: took, value: result } = await timed(() => sandbox.run('1+1'));
    check(result.value === '2', 'trivial cell value');
    trivial.push(took);
  }

  // 3. regex scan of the context
  const scans: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const { ms: took, value: result } = await timed(() => sandbox.run('/NEEDLE-(\\d+)/.exec(context)[1]'));
    check(result.value === "'42'", `regex scan found ${result.value ?? result.modelOutput}`);
    scans.push(took);
  }
  const lineCount = context.split('\n').length - 1;
  const counts: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const { ms: took, value: result } = await timed(() =>
      sandbox.run('let hits = 0;\nfor (const _ of context.matchAll(/lazy (\\w+) while/g)) hits++;\nhits'),
    );
    check(result.value === String(lineCount - 1), `regex count found ${result.value ?? result.modelOutput}`);
    counts.push(took);
  }

  // 4. fan-out of 1,000 host calls of 200 ms
  const fan = await sandbox.run(
    'const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => wait(i)));\nanswers.length',
  );
  check(fan.value === '1000', `fan-out returned ${fan.value ?? fan.modelOutput}`);

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rows: [string, string, string][] = [
    ['create sandbox, 100 MB context', ms(median(creates)), `median of 3 (${contextMb.toFixed(1)} MiB string)`],
    [
      'trivial cell `1+1`',
      ms(median(trivial)),
      `median of 200 (p95 ${ms(trivial.toSorted((a, b) => a - b)[Math.floor(trivial.length * 0.95)] ?? 0)})`,
    ],
    ['regex find in 100 MB context', ms(median(scans)), 'median of 3: /NEEDLE-(\\d+)/.exec(context)'],
    [
      'regex count over 100 MB context',
      ms(median(counts)),
      `median of 3: matchAll(/lazy (\\w+) while/g), ${(lineCount - 1).toLocaleString('en-US')} hits`,
    ],
    [
      'fan-out 1,000 × 200 ms host calls',
      ms(fan.durationMs),
      `ideal 200 ms → ratio ${(fan.durationMs / 200).toFixed(3)}`,
    ],
    ['peak RSS', `${peakRssMb.toFixed(0)} MB`, 'process.resourceUsage().maxRSS'],
  ];
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0), ['measure', 'value', 'notes'][column]?.length ?? 0),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === 1 ? cell.padStart(widths[1] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(format(['measure', 'value', 'notes']));
  console.log(format(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(format(row));
} finally {
  sandbox.dispose();
}
