import { formatLength, METHODS, type Method } from './options.ts';
import type { TaskRecord } from './record.ts';

/**
 * How each method is drawn. Methods often score the same (all 100 at short lengths), so colour alone would hide one
 * line under another: each also has its own dash pattern and marker, and a small sideways offset.
 */
const STYLES: Record<
  Method,
  { color: string; dash: string | null; marker: 'circle' | 'square' | 'triangle' | 'diamond' }
> = {
  base: { color: '#7f7f7f', dash: '6 3', marker: 'square' },
  rlm: { color: '#1f77b4', dash: null, marker: 'circle' },
  'rlm-no-sub': { color: '#ff7f0e', dash: '2 3', marker: 'triangle' },
  'rlm-d2': { color: '#2ca02c', dash: '9 3 2 3', marker: 'diamond' },
};

/** Horizontal distance between methods' points at one length, so equal scores stay side by side. */
const SPREAD_PX = 4;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const present = <T>(values: T[]): T[] => [...new Set(values)];
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);

interface Series {
  suites: string[];
  methods: Method[];
  lengths: number[];
  /** Mean score of a suite × method × length, undefined when nothing ran there. */
  score(suite: string, method: Method, length: number): number | undefined;
}

function series(records: TaskRecord[]): Series {
  return {
    suites: present(records.map((record) => record.suite)),
    methods: METHODS.filter((method) => records.some((record) => record.method === method)),
    lengths: present(records.map((record) => record.targetTokens)).toSorted((a, b) => a - b),
    score(suite, method, length) {
      const runs = records.filter(
        (record) => record.suite === suite && record.method === method && record.targetTokens === length,
      );
      return runs.length === 0 ? undefined : mean(runs.map((record) => record.score));
    },
  };
}

function marker(shape: (typeof STYLES)[Method]['marker'], cx: number, cy: number, color: string): string {
  const common = `fill="${color}" stroke="white" stroke-width="1"`;
  const at = (points: Array<[number, number]>) =>
    `<polygon points="${points.map(([px, py]) => `${(cx + px).toFixed(1)},${(cy + py).toFixed(1)}`).join(' ')}" ${common}/>`;
  if (shape === 'circle') return `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="3.5" ${common}/>`;
  if (shape === 'square')
    return at([
      [-3.5, -3.5],
      [3.5, -3.5],
      [3.5, 3.5],
      [-3.5, 3.5],
    ]);
  if (shape === 'triangle')
    return at([
      [0, -4.5],
      [4, 3],
      [-4, 3],
    ]);
  return at([
    [0, -4.5],
    [4.5, 0],
    [0, 4.5],
    [-4.5, 0],
  ]);
}

const dashAttribute = (dash: string | null) => (dash ? ` stroke-dasharray="${dash}"` : '');

/** Score versus context length: one panel per suite, one line per method (own colour, dashes, marker), log-scale x. */
export function svgChart(records: TaskRecord[]): string {
  const data = series(records);
  const panel = { width: 280, left: 48, right: 12, top: 28, plotHeight: 140 };
  const plotBottom = panel.top + panel.plotHeight;
  const xTitleY = plotBottom + 32;
  const legendY = xTitleY + 20;
  const width = data.suites.length * panel.width + 20;
  // The legend wraps when one or two panels are narrower than its entries.
  const legendItem = 115;
  const perRow = Math.max(1, Math.floor((width - 20) / legendItem));
  const legendRows = Math.ceil(data.methods.length / perRow);
  const height = legendY + 14 + (legendRows - 1) * 18;
  const first = Math.log2(data.lengths[0] ?? 1);
  const last = Math.log2(data.lengths.at(-1) ?? 2);
  const plotWidth = panel.width - panel.left - panel.right;
  const x = (length: number) =>
    panel.left +
    (data.lengths.length === 1 ? plotWidth / 2 : ((Math.log2(length) - first) / (last - first)) * plotWidth);
  const y = (score: number) => panel.top + (1 - score) * panel.plotHeight;
  const spread = (index: number) => (index - (data.methods.length - 1) / 2) * SPREAD_PX;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  data.suites.forEach((suite, suiteIndex) => {
    parts.push(
      `<g transform="translate(${10 + suiteIndex * panel.width},0)">`,
      `<text x="${panel.left + plotWidth / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeXml(suite)}</text>`,
      `<line x1="${panel.left}" y1="${y(0)}" x2="${panel.left + plotWidth}" y2="${y(0)}" stroke="#333"/>`,
      `<line x1="${panel.left}" y1="${y(0)}" x2="${panel.left}" y2="${y(1)}" stroke="#333"/>`,
    );
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      parts.push(`<text x="${panel.left - 5}" y="${y(tick) + 4}" text-anchor="end">${tick * 100}</text>`);
      if (tick > 0)
        parts.push(
          `<line x1="${panel.left}" y1="${y(tick)}" x2="${panel.left + plotWidth}" y2="${y(tick)}" stroke="#eee"/>`,
        );
    }
    for (const length of data.lengths)
      parts.push(
        `<text x="${x(length).toFixed(1)}" y="${y(0) + 15}" text-anchor="middle">${formatLength(length)}</text>`,
      );
    // Axis titles: the y title turned along its axis, the x title under the tick labels.
    parts.push(
      `<text transform="translate(14,${panel.top + panel.plotHeight / 2}) rotate(-90)" text-anchor="middle">score (%)</text>`,
      `<text x="${panel.left + plotWidth / 2}" y="${xTitleY}" text-anchor="middle">context length (tokens, log scale)</text>`,
    );
    data.methods.forEach((method, methodIndex) => {
      const style = STYLES[method];
      const points = data.lengths.flatMap((length) => {
        const score = data.score(suite, method, length);
        return score === undefined ? [] : [[x(length) + spread(methodIndex), y(score)] as const];
      });
      if (points.length === 0) return;
      parts.push(
        `<polyline data-method="${method}" fill="none" stroke="${style.color}" stroke-width="2"${dashAttribute(style.dash)} points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`,
        ...points.map(([px, py]) => marker(style.marker, px, py, style.color)),
      );
    });
    parts.push('</g>');
  });
  data.methods.forEach((method, index) => {
    const style = STYLES[method];
    const lx = 10 + (index % perRow) * legendItem;
    const ly = legendY + Math.floor(index / perRow) * 18;
    parts.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${style.color}" stroke-width="2"${dashAttribute(style.dash)}/>`,
      marker(style.marker, lx + 12, ly - 4, style.color),
      `<text x="${lx + 30}" y="${ly}">${method}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Terminal marks of the methods, as in the SVG legend. */
const TERMINAL_MARKS: Record<Method, string> = { base: '■', rlm: '●', 'rlm-no-sub': '▲', 'rlm-d2': '◆' };

/** The chart for a terminal: per suite, a row per method (its own mark) with a bar and the score per length. */
export function terminalChart(records: TaskRecord[]): string {
  const data = series(records);
  const bar = (score: number) => '█'.repeat(Math.round(score * 10)).padEnd(10, '·');
  const lines = ['score (%) by context length (tokens)', ''];
  for (const suite of data.suites) {
    lines.push(`${suite}`.padEnd(16) + data.lengths.map((length) => formatLength(length).padEnd(16)).join(''));
    for (const method of data.methods) {
      const cells = data.lengths.map((length) => {
        const score = data.score(suite, method, length);
        return score === undefined ? ''.padEnd(16) : `${bar(score)} ${String(Math.round(score * 100)).padStart(3)} `;
      });
      lines.push(`  ${TERMINAL_MARKS[method]} ${method.padEnd(12)}${cells.join('')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
