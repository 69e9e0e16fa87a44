import { formatLength, METHODS } from './options.ts';
import type { TaskRecord } from './record.ts';

interface Cell {
  n: number;
  score: number;
  costMean: number | null;
  costSd: number | null;
  overflow: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const sd = (values: number[]) =>
  values.length < 2
    ? 0
    : Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1));
const percentile = (values: number[], p: number) =>
  values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))] ?? 0;
const money = (usd: number | null) => (usd === null ? 'n/a' : usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`);

function cell(records: TaskRecord[]): Cell {
  const costs = records.map((record) => record.costUsd);
  const known = costs.every((cost): cost is number => cost !== null);
  return {
    n: records.length,
    score: mean(records.map((record) => record.score)),
    costMean: known ? mean(costs) : null,
    costSd: known ? sd(costs) : null,
    overflow: records.filter((record) => record.overflow).length,
  };
}

function present<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Markdown in the shape of the RLM paper's Table 1, plus cost and runtime percentiles, per-length scores and leakage. */
export function markdownReport(
  records: TaskRecord[],
  meta: { command: string; model: string; subModel: string; startedAt: string; oracle: boolean },
): string {
  const suites = present(records.map((record) => record.suite));
  const methods = METHODS.filter((method) => records.some((record) => record.method === method));
  const lengths = present(records.map((record) => record.targetTokens)).toSorted((a, b) => a - b);
  const lines = [
    '# rlm bench',
    '',
    `- Command: \`${meta.command}\``,
    `- Models: root \`${meta.model}\`, sub \`${meta.subModel}\`${meta.oracle ? ' (built-in oracle models: this proves the harness and says nothing about real models; their token counts are priced at gpt-5 / gpt-5-mini list prices)' : ''}`,
    `- Started: ${meta.startedAt}; ${records.length} task runs`,
    '',
    '## Score and cost per method and suite',
    '',
    'Score is the mean task score (%); cost is the mean ± standard deviation per task in USD. `overflow` counts base runs whose prompt did not fit the window (scored 0).',
    '',
    `| Method | ${suites.join(' | ')} |`,
    `|---|${suites.map(() => '---').join('|')}|`,
  ];
  for (const method of methods) {
    const cells = suites.map((suite) => {
      const summary = cell(records.filter((record) => record.method === method && record.suite === suite));
      if (summary.n === 0) return '—';
      const cost = summary.costMean === null ? 'cost n/a' : `${money(summary.costMean)} ± ${money(summary.costSd)}`;
      return `${(summary.score * 100).toFixed(1)} (${cost})${summary.overflow > 0 ? ` · ${summary.overflow} overflow` : ''}`;
    });
    lines.push(`| ${method} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    '## Cost and runtime percentiles per method',
    '',
    '| Method | runs | cost p50 | cost p95 | runtime p50 | runtime p95 | mean iterations | mean sub-calls |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const method of methods) {
    const runs = records.filter((record) => record.method === method);
    const costs = runs.map((record) => record.costUsd);
    const knownCosts = costs.filter((cost): cost is number => cost !== null);
    const walls = runs.map((record) => record.wallMs / 1000);
    const costCell = (p: number) => (knownCosts.length === costs.length ? money(percentile(knownCosts, p)) : 'n/a');
    lines.push(
      `| ${method} | ${runs.length} | ${costCell(0.5)} | ${costCell(0.95)} | ${percentile(walls, 0.5).toFixed(1)} s | ${percentile(walls, 0.95).toFixed(1)} s | ${mean(runs.map((r) => r.iterations)).toFixed(1)} | ${mean(runs.map((r) => r.subcalls)).toFixed(1)} |`,
    );
  }
  lines.push('', '## Score by context length', '');
  for (const suite of suites) {
    lines.push(
      `### ${suite}`,
      '',
      `| Method | ${lengths.map(formatLength).join(' | ')} |`,
      `|---|${lengths.map(() => '---:').join('|')}|`,
    );
    for (const method of methods) {
      const cells = lengths.map((length) => {
        const runs = records.filter(
          (record) => record.method === method && record.suite === suite && record.targetTokens === length,
        );
        return runs.length === 0 ? '—' : `${(mean(runs.map((record) => record.score)) * 100).toFixed(0)}`;
      });
      lines.push(`| ${method} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Leakage check',
    '',
    'A task "leaks" when it can be solved without recursion: by a regex-only shortcut over the raw context, or by the plain `base` call. Leaking tasks do not measure recursion.',
    '',
  );
  const tasks = present(records.map((record) => record.taskId));
  const leaks = tasks
    .map((taskId) => {
      const runs = records.filter((record) => record.taskId === taskId);
      const regex = runs.some((record) => record.leakage.regex);
      const base = runs.some((record) => record.method === 'base' && record.correct);
      return { taskId, regex, base };
    })
    .filter((entry) => entry.regex || entry.base);
  if (leaks.length === 0) lines.push('No task was solved by a shortcut.');
  else
    for (const leak of leaks)
      lines.push(
        `- \`${leak.taskId}\`: ${[leak.regex ? 'regex shortcut' : '', leak.base ? 'plain base call' : ''].filter(Boolean).join(' and ')} solves it`,
      );
  return `${lines.join('\n')}\n`;
}

export { svgChart, terminalChart } from './chart.ts';
