import { formatLength, METHODS, type Method } from './options.ts';
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

const COLORS: Record<Method, string> = {
  base: '#8c8c8c',
  rlm: '#1f77b4',
  'rlm-no-sub': '#ff7f0e',
  'rlm-d2': '#2ca02c',
};

/** Score versus context length: one small panel per suite, one line per method, log-scale x axis. */
export function svgChart(records: TaskRecord[]): string {
  const suites = present(records.map((record) => record.suite));
  const methods = METHODS.filter((method) => records.some((record) => record.method === method));
  const lengths = present(records.map((record) => record.targetTokens)).toSorted((a, b) => a - b);
  const panel = { width: 260, height: 200, left: 40, top: 30, bottom: 30 };
  const width = suites.length * (panel.width + 20) + 20;
  const height = panel.height + 70;
  const x = (length: number) =>
    (lengths.length === 1
      ? panel.width / 2
      : ((Math.log2(length) - Math.log2(lengths[0] ?? 1)) /
          (Math.log2(lengths.at(-1) ?? 2) - Math.log2(lengths[0] ?? 1))) *
        (panel.width - panel.left - 10)) + panel.left;
  const y = (score: number) => panel.top + (1 - score) * (panel.height - panel.top - panel.bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  suites.forEach((suite, index) => {
    const offset = 20 + index * (panel.width + 20);
    parts.push(
      `<g transform="translate(${offset},0)">`,
      `<text x="${panel.width / 2}" y="18" text-anchor="middle" font-weight="bold">${suite}</text>`,
    );
    parts.push(
      `<line x1="${panel.left}" y1="${y(0)}" x2="${panel.width - 10}" y2="${y(0)}" stroke="#333"/>`,
      `<line x1="${panel.left}" y1="${y(0)}" x2="${panel.left}" y2="${y(1)}" stroke="#333"/>`,
    );
    for (const tick of [0, 0.5, 1])
      parts.push(`<text x="${panel.left - 5}" y="${y(tick) + 4}" text-anchor="end">${tick * 100}</text>`);
    for (const length of lengths)
      parts.push(`<text x="${x(length)}" y="${y(0) + 15}" text-anchor="middle">${formatLength(length)}</text>`);
    for (const method of methods) {
      const points = lengths
        .map((length) => {
          const runs = records.filter(
            (record) => record.suite === suite && record.method === method && record.targetTokens === length,
          );
          return runs.length === 0
            ? undefined
            : `${x(length).toFixed(1)},${y(mean(runs.map((record) => record.score))).toFixed(1)}`;
        })
        .filter((point): point is string => point !== undefined);
      if (points.length > 0) {
        parts.push(`<polyline fill="none" stroke="${COLORS[method]}" stroke-width="2" points="${points.join(' ')}"/>`);
        for (const point of points)
          parts.push(
            `<circle cx="${point.split(',')[0]}" cy="${point.split(',')[1]}" r="3" fill="${COLORS[method]}"/>`,
          );
      }
    }
    parts.push('</g>');
  });
  methods.forEach((method, index) => {
    const lx = 20 + index * 110;
    parts.push(
      `<rect x="${lx}" y="${height - 22}" width="12" height="12" fill="${COLORS[method]}"/>`,
      `<text x="${lx + 16}" y="${height - 12}">${method}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The same chart for a terminal: per suite, a row per method with a bar per length. */
export function terminalChart(records: TaskRecord[]): string {
  const suites = present(records.map((record) => record.suite));
  const methods = METHODS.filter((method) => records.some((record) => record.method === method));
  const lengths = present(records.map((record) => record.targetTokens)).toSorted((a, b) => a - b);
  const bar = (score: number) => '█'.repeat(Math.round(score * 10)).padEnd(10, '·');
  const lines: string[] = [];
  for (const suite of suites) {
    lines.push(`${suite}`.padEnd(14) + lengths.map((length) => formatLength(length).padEnd(16)).join(''));
    for (const method of methods) {
      const cells = lengths.map((length) => {
        const runs = records.filter(
          (record) => record.suite === suite && record.method === method && record.targetTokens === length,
        );
        if (runs.length === 0) return ''.padEnd(16);
        const score = mean(runs.map((record) => record.score));
        return `${bar(score)} ${String(Math.round(score * 100)).padStart(3)} `;
      });
      lines.push(`  ${method.padEnd(12)}${cells.join('')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
