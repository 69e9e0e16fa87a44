import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { documentCount } from '../../src/bench/suites/multihop-docs.ts';
import { SUITES } from '../../src/bench/suites/index.ts';
import type { BenchTask, SuiteName } from '../../src/bench/suites/types.ts';

const NAMES = Object.keys(SUITES) as SuiteName[];
const realTokens = (task: BenchTask) =>
  typeof task.context === 'string'
    ? countTokens(task.context)
    : task.context.reduce((sum, doc) => sum + countTokens(doc.content), 0);

describe.each(NAMES)('%s generation', (name) => {
  const suite = SUITES[name];

  it('is deterministic for a seed and differs between seeds', () => {
    const a = suite.generate({ seed: 7, targetTokens: 8192 });
    const b = suite.generate({ seed: 7, targetTokens: 8192 });
    const c = suite.generate({ seed: 8, targetTokens: 8192 });
    expect(b).toEqual(a);
    expect(c.context).not.toEqual(a.context);
    expect(a).toMatchObject({ id: `${name}-8192-7`, suite: name, seed: 7, targetTokens: 8192 });
    expect(a.question.length).toBeGreaterThan(20);
  });

  it.each([8192, 131_072])('reaches %i tokens (o200k) within 5 percent, and reports its count', (targetTokens) => {
    const task = suite.generate({ seed: 3, targetTokens });
    const tokens = realTokens(task);
    expect(Math.abs(tokens - targetTokens) / targetTokens).toBeLessThanOrEqual(0.05);
    expect(Math.abs(task.contextTokens - tokens) / tokens).toBeLessThan(0.005);
  });

  // How long generation takes is a benchmark matter; this checks that a 1M-token task comes out the right size.
  it('generates a 1M-token task', () => {
    const task = suite.generate({ seed: 1, targetTokens: 1_048_576 });
    expect(Math.abs(realTokens(task) - 1_048_576) / 1_048_576).toBeLessThanOrEqual(0.05);
  });
});

describe('multihop-docs documents', () => {
  it('uses 10, 50, 100 or 1000 documents, as many as leave each about 600 tokens', () => {
    expect([8192, 32_768, 131_072, 1_048_576].map(documentCount)).toEqual([10, 50, 100, 1000]);
    const task = SUITES['multihop-docs'].generate({ seed: 2, targetTokens: 32_768 });
    expect(Array.isArray(task.context) && task.context.length).toBe(50);
    const paths = (task.context as Array<{ path: string }>).map((doc) => doc.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('sniah variants', () => {
  it('cycles number, uuid and word needles with the seed, at varied depths', () => {
    const tasks = [3, 1, 2].map((seed) => SUITES.sniah.generate({ seed, targetTokens: 8192 }));
    expect(String(tasks[0]?.expected)).toMatch(/^\d{7}$/);
    expect(String(tasks[1]?.expected)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(String(tasks[2]?.expected)).toMatch(/^[a-z]+$/);
    for (const task of tasks) {
      const lines = (task.context as string).split('\n');
      const needle = lines.findIndex((line) => line.startsWith('One of the special magic'));
      expect(lines[needle]).toBe(
        `One of the special magic ${(task.meta.query as { variant: string }).variant}s for ${(task.meta.query as { key: string }).key} is: ${String(task.expected)}.`,
      );
      expect(lines.filter((line) => line.includes(String(task.expected)))).toHaveLength(1);
    }
  });
});
