import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProviderResolver, findModelInfo, type PriceTable } from '../../engine/internal.ts';
import { METHODS, parseLength, parseList, SUITE_NAMES } from '../../bench/harness/options.ts';
import { markdownReport, svgChart, terminalChart } from '../../bench/harness/report.ts';
import { generateTasks, runBench } from '../../bench/harness/run-bench.ts';
import { loadConfig, providerSettings } from '../config/load-config.ts';
import { CliError, EXIT, usageError } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import type { BenchFlags } from '../program.ts';
import { checkModelAccess } from './ask-settings.ts';

/** `rlm bench`: generate the suites, run every method on every task, write results.jsonl, report.md and a chart. */
export async function benchCommand(io: CliIO, flags: BenchFlags): Promise<number> {
  const { config, secrets } = loadConfig({ cwd: io.cwd, env: io.env });
  let plan: {
    suites: ReturnType<typeof parseList<(typeof SUITE_NAMES)[number]>>;
    lengths: number[];
    seeds: number;
    methods: ReturnType<typeof parseList<(typeof METHODS)[number]>>;
  };
  try {
    plan = {
      suites: parseList(flags.suite, SUITE_NAMES, 'suite'),
      lengths: flags.lengths.split(',').map((item) => parseLength(item)),
      seeds: flags.seeds,
      methods: parseList(flags.methods, METHODS, 'method'),
    };
  } catch (error) {
    throw usageError(`bench: ${error instanceof Error ? error.message : String(error)}`);
  }
  const outDir = path.resolve(
    io.cwd,
    flags.out ?? path.join('rlm-bench', new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)),
  );
  const progress = (line: string) => io.stderr.write(`${line}\n`);

  progress(`generating ${plan.suites.length * plan.lengths.length * plan.seeds} task(s)…`);
  const tasks = generateTasks(plan);
  let model: string;
  let subModel: string;
  let baseModel: string;
  let baseWindow: number | undefined;
  let resolveModel;
  let close = async () => undefined as void;
  let prices: PriceTable = config.prices ?? {};
  if (flags.oracle) {
    const [{ startTestServer }, oracle] = await Promise.all([
      import('../../scripted-server/index.ts'),
      import('../../bench/oracle/index.ts'),
    ]);
    const server = await startTestServer(oracle.oracleScript(tasks));
    close = () => server.close();
    [model, subModel, baseModel, baseWindow] = [
      oracle.ORACLE_MODELS.root,
      oracle.ORACLE_MODELS.sub,
      oracle.ORACLE_MODELS.base,
      oracle.ORACLE_BASE_WINDOW,
    ];
    // Oracle tokens are real counts of real trajectories; pricing them like gpt-5 (root, base) and gpt-5-mini (sub)
    // makes the cost columns comparable in shape. The report says so.
    const priceOf = (id: string) => findModelInfo(id).price ?? { input: 0, output: 0 };
    prices = {
      [model]: priceOf('gpt-5'),
      [baseModel]: priceOf('gpt-5'),
      [subModel]: priceOf('gpt-5-mini'),
      ...prices,
    };
    resolveModel = createProviderResolver({ baseUrl: server.baseURL });
  } else {
    const baseUrl = flags.baseUrl ?? config.baseUrl;
    model = checkModelAccess(
      { model: flags.model ?? config.model, subModel: flags.subModel ?? config.subModel, baseUrl },
      secrets,
    );
    subModel = flags.subModel ?? config.subModel ?? model;
    baseModel = model;
    resolveModel = createProviderResolver(providerSettings(secrets, { baseUrl, baseUrls: config.baseUrls }));
  }

  mkdirSync(outDir, { recursive: true });
  const resultsFile = path.join(outDir, 'results.jsonl');
  writeFileSync(resultsFile, '');
  let records;
  try {
    records = await runBench(tasks, plan.methods, {
      model,
      subModel,
      baseModel,
      baseWindow,
      resolveModel,
      concurrency: flags.concurrency ?? config.concurrency ?? 16,
      maxIterations: flags.maxIterations,
      maxCostUsd: flags.maxCost,
      prices,
      onRecord: (record, done, total) => {
        writeFileSync(resultsFile, `${JSON.stringify(record)}\n`, { flag: 'a' });
        const cost = record.costUsd === null ? 'cost n/a' : `$${record.costUsd.toFixed(4)}`;
        progress(
          `[${done}/${total}] ${record.taskId} ${record.method.padEnd(10)} score ${record.score.toFixed(2)}${record.overflow ? ' (overflow)' : ''} · ${record.iterations} turns · ${record.subcalls} sub-calls · ${cost} · ${(record.wallMs / 1000).toFixed(1)} s${record.error ? ` · ${record.error}` : ''}`,
        );
      },
    });
  } finally {
    await close();
  }
  writeFileSync(resultsFile, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  const command = ['rlm', 'bench', ...io.argv.slice(3)].join(' ');
  writeFileSync(
    path.join(outDir, 'report.md'),
    markdownReport(records, {
      command,
      model,
      subModel,
      startedAt: new Date().toISOString(),
      oracle: Boolean(flags.oracle),
    }),
  );
  writeFileSync(path.join(outDir, 'score-vs-length.svg'), svgChart(records));
  io.stdout.write(`${terminalChart(records)}\n`);
  progress(
    `results: ${resultsFile}\nreport:  ${path.join(outDir, 'report.md')}\nchart:   ${path.join(outDir, 'score-vs-length.svg')}`,
  );
  if (records.every((record) => record.error !== null))
    throw new CliError('provider_failed', 'every benchmark task failed; see results.jsonl', EXIT.provider);
  return EXIT.ok;
}
