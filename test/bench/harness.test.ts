import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLength, parseLength, parseList, METHODS } from '../../src/bench/harness/options.ts';
import type { TaskRecord } from '../../src/bench/harness/record.ts';
import { markdownReport, svgChart, terminalChart } from '../../src/bench/harness/report.ts';

const root = path.resolve(import.meta.dirname, '../..');

function record(overrides: Partial<TaskRecord>): TaskRecord {
  return {
    taskId: 'sniah-8192-1',
    suite: 'sniah',
    targetTokens: 8192,
    contextTokens: 8200,
    seed: 1,
    method: 'rlm',
    score: 1,
    correct: true,
    overflow: false,
    answer: '1234567',
    stopReason: 'final',
    iterations: 3,
    subcalls: 2,
    tokensByDepth: { 0: { input: 1000, output: 100, cached: 0 } },
    costUsd: 0.01,
    wallMs: 1500,
    error: null,
    leakage: { regex: false, base: false },
    ...overrides,
  };
}

describe('bench options', () => {
  it('reads lengths the way the papers write them', () => {
    expect(parseLength('8k')).toBe(8192);
    expect(parseLength('32k')).toBe(32_768);
    expect(parseLength('131k')).toBe(131_072);
    expect(parseLength('1m')).toBe(1_048_576);
    expect(parseLength('100k')).toBe(100_000);
    expect(() => parseLength('big')).toThrow(/not a length/);
    expect([8192, 32_768, 131_072, 1_048_576].map(formatLength)).toEqual(['8K', '32K', '131K', '1M']);
  });

  it('rejects unknown methods by name', () => {
    expect(parseList('base,rlm', METHODS, 'method')).toEqual(['base', 'rlm']);
    expect(() => parseList('base,magic', METHODS, 'method')).toThrow(/unknown method "magic"/);
  });
});

describe('bench report', () => {
  const records = [
    record({
      method: 'base',
      score: 0,
      correct: false,
      overflow: true,
      costUsd: 0,
      taskId: 'oolong-lite-131072-1',
      suite: 'oolong-lite',
      targetTokens: 131_072,
    }),
    record({
      method: 'rlm',
      score: 1,
      costUsd: 0.02,
      taskId: 'oolong-lite-131072-1',
      suite: 'oolong-lite',
      targetTokens: 131_072,
    }),
    record({ method: 'rlm', score: 0.5, costUsd: 0.04, taskId: 'oolong-lite-8192-1', suite: 'oolong-lite' }),
    record({ method: 'base', score: 1, costUsd: 0.001, leakage: { regex: true, base: true } }),
    record({ method: 'rlm', score: 1, costUsd: 0.005, leakage: { regex: true, base: true } }),
  ];

  it('has the shape of the paper table: methods as rows, suites as columns, score and cost mean ± sd', () => {
    const markdown = markdownReport(records, {
      command: 'rlm bench',
      model: 'm',
      subModel: 's',
      startedAt: 'now',
      oracle: false,
    });
    expect(markdown).toContain('| Method | oolong-lite | sniah |');
    expect(markdown).toMatch(/\| rlm \| 75\.0 \(\$0\.03 ± \$0\.01\) \| 100\.0 \(\$0\.0050 ± \$0\.0000\) \|/);
    expect(markdown).toContain('· 1 overflow');
    expect(markdown).toMatch(/\| base \| 2 \|/);
    expect(markdown).toContain('`sniah-8192-1`: regex shortcut and plain base call solves it');
  });

  it('draws one line per method in each suite panel, and a terminal version', () => {
    const svg = svgChart(records);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)?.length).toBe(4);
    expect(svg).toContain('>oolong-lite<');
    const text = terminalChart(records);
    expect(text).toContain('oolong-lite');
    expect(text).toMatch(/rlm\s+█████····· {2}50/);
  });
});

describe('bench chart: every method visible', () => {
  // Equal scores everywhere: rlm-d2 on top of rlm, base on top of rlm-no-sub, as happens at short lengths.
  const even = (['base', 'rlm', 'rlm-no-sub', 'rlm-d2'] as const).flatMap((method) =>
    [8192, 32_768, 131_072].map((targetTokens) =>
      record({ method, targetTokens, score: method === 'rlm' || method === 'rlm-d2' ? 1 : 0.5 }),
    ),
  );

  it('draws each method with its own dashes, marker and offset, so equal scores never hide a line', () => {
    const svg = svgChart(even);
    const lines = [
      ...svg.matchAll(/<polyline data-method="([^"]+)"[^>]*?(?: stroke-dasharray="([^"]+)")? points="([^"]+)"/g),
    ];
    expect(lines.map((line) => line[1])).toEqual(['base', 'rlm', 'rlm-no-sub', 'rlm-d2']);
    // No two methods share a dash pattern or a polyline.
    expect(new Set(lines.map((line) => line[2] ?? 'solid')).size).toBe(4);
    expect(new Set(lines.map((line) => line[3])).size).toBe(4);
    // Four marker shapes: circles, and squares, triangles and diamonds as polygons of 4, 3 and 4 points.
    expect(svg).toContain('<circle');
    const polygons = [...svg.matchAll(/<polygon points="([^"]+)"/g)].map((match) => match[1]?.split(' ').length);
    expect(new Set(polygons)).toEqual(new Set([3, 4]));
  });

  it('titles both axes and keeps the legend right under the x axis', () => {
    const svg = svgChart(even);
    expect(svg).toContain('>score (%)<');
    expect(svg).toContain('>context length (tokens, log scale)<');
    const tickY = Math.max(
      ...[...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" text-anchor="middle">\d+K</g)].map((m) => Number(m[1])),
    );
    const legendYs = ['base', 'rlm', 'rlm-no-sub', 'rlm-d2'].map((method) =>
      Number(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)">${method}<`).exec(svg)?.[1]),
    );
    const legendY = Math.min(...legendYs);
    expect(legendY - tickY).toBeGreaterThan(10);
    expect(legendY - tickY).toBeLessThanOrEqual(45);
    // One panel is narrower than the legend: it wraps, and the picture ends right under it.
    expect(new Set(legendYs).size).toBe(2);
    expect(Number(/height="(\d+)"/.exec(svg)?.[1]) - Math.max(...legendYs)).toBeLessThanOrEqual(20);
  });

  it('marks each method in the terminal chart and says what the numbers are', () => {
    const text = terminalChart(even);
    expect(text.split('\n')[0]).toBe('score (%) by context length (tokens)');
    for (const [mark, method] of [
      ['■', 'base'],
      ['●', 'rlm'],
      ['▲', 'rlm-no-sub'],
      ['◆', 'rlm-d2'],
    ])
      expect(text).toMatch(new RegExp(`${mark} ${method} +[█·]{10} +\\d+`));
  });
});

describe('rlm bench --oracle (real CLI)', () => {
  it('runs every method on every task offline and writes results, report and chart', () => {
    const cli = path.join(root, 'dist', 'cli.js');
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    const out = mkdtempSync(path.join(tmpdir(), 'rlm-bench-'));
    const result = spawnSync(
      process.execPath,
      [
        '--no-node-snapshot',
        path.join(root, 'bin', 'rlm.js'),
        'bench',
        '--oracle',
        '--suite',
        'sniah,oolong-lite',
        '--lengths',
        '8k',
        '--methods',
        'base,rlm,rlm-no-sub',
        '--out',
        out,
      ],
      {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: out },
        timeout: 120_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const lines = readFileSync(path.join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TaskRecord);
    expect(lines).toHaveLength(2 * 3);
    for (const line of lines) expect(Object.keys(line).toSorted()).toEqual(Object.keys(record({})).toSorted());
    expect(lines.filter((line) => line.method === 'rlm').every((line) => line.score === 1)).toBe(true);
    expect(lines.find((line) => line.suite === 'sniah' && line.method === 'rlm')?.leakage.regex).toBe(true);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('| Method | sniah | oolong-lite |');
    expect(readFileSync(path.join(out, 'score-vs-length.svg'), 'utf8')).toContain('<svg');
    expect(result.stdout).toContain('sniah');
    expect(result.stderr).toMatch(/\[6\/6\]/);
  }, 120_000);
});
