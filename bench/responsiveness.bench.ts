// npm run bench:responsiveness — the timings the test suite used to assert (tests now check behaviour only, so they
// hold on a loaded machine): how soon a run stops after its time limit or an abort, while its model call would hang
// for minutes; how long a 1M-token bench task takes to generate; how long the inspector takes to wrap a 1 MB line.
import { MockLanguageModelV4 } from 'ai/test';
import { SUITES } from '../src/bench/suites/index.ts';
import { createRlm } from '../src/engine/internal.ts';
import { DocBuilder, wrapDoc } from '../src/ui/inspector/document.ts';

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** A model whose reply never comes; it only ends when the call is aborted. */
const hangingModel = () =>
  new MockLanguageModelV4({
    doGenerate: ({ abortSignal }) =>
      new Promise((_, reject) => abortSignal?.addEventListener('abort', () => reject(abortSignal.reason))),
    doStream: ({ abortSignal }) =>
      new Promise((_, reject) => abortSignal?.addEventListener('abort', () => reject(abortSignal.reason))),
  });

async function stopLatency(kind: 'timeout' | 'abort'): Promise<number> {
  const limitMs = 300;
  const rlm = createRlm({
    model: 'hanging',
    resolveModel: () => hangingModel(),
    ...(kind === 'timeout' ? { timeoutMs: limitMs } : {}),
  });
  const run = rlm.start('Q?', { context: 'x' });
  const started = performance.now();
  if (kind === 'abort') setTimeout(() => run.abort('bench'), limitMs);
  const result = await run.result;
  if (result.stopReason !== (kind === 'timeout' ? 'timeout' : 'aborted'))
    throw new Error(`stopped: ${result.stopReason}`);
  return performance.now() - started - limitMs;
}

for (const kind of ['timeout', 'abort'] as const) {
  const samples: number[] = [];
  for (let index = 0; index < 5; index += 1) samples.push(await stopLatency(kind));
  console.log(
    `stop after ${kind.padEnd(7)}  ${median(samples).toFixed(0)} ms past the limit (median of 5; the model call would hang forever)`,
  );
}

for (const [name, suite] of Object.entries(SUITES)) {
  const started = performance.now();
  suite.generate({ seed: 1, targetTokens: 1_048_576 });
  console.log(`generate 1M-token ${name.padEnd(14)} ${(performance.now() - started).toFixed(0)} ms`);
}

const samples: number[] = [];
for (let index = 0; index < 5; index += 1) {
  const started = performance.now();
  wrapDoc(new DocBuilder().line('word '.repeat(200_000)).build(), 100);
  samples.push(performance.now() - started);
}
console.log(`wrap a 1 MB line at 100 columns: ${median(samples).toFixed(0)} ms (median of 5)`);
