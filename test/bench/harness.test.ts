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
