// The leakage shortcuts: regex-only answers over the raw context. A suite whose shortcut succeeds does not need
// recursion (sniah, by design); the others are built so that it mostly fails.
import { describe, expect, it } from 'vitest';
import { labelTruth } from '../../src/bench/oracle/sub-model.ts';
import { readFacts } from '../../src/bench/suites/multihop/facts.ts';
import type { MultihopQuery } from '../../src/bench/suites/multihop-docs.ts';
import { SUITES } from '../../src/bench/suites/index.ts';
import { keywordLabel } from '../../src/bench/suites/oolong/keyword-label.ts';
import type { BenchTask, SuiteName } from '../../src/bench/suites/types.ts';

const SEEDS = Array.from({ length: 24 }, (_, index) => index + 1);
const generateAll = (name: SuiteName, targetTokens = 8192) =>
  SEEDS.map((seed) => SUITES[name].generate({ seed, targetTokens }));
/** What the harness records as `leakage.regex`. */
const leaks = (task: BenchTask) => SUITES[task.suite].score(task, SUITES[task.suite].shortcut(task)).correct;
const share = (tasks: BenchTask[], test: (task: BenchTask) => boolean) => tasks.filter(test).length / tasks.length;

describe('leakage shortcuts', () => {
  it('sniah: the shortcut finds every needle, so the leakage check flags the suite', () => {
    for (const task of generateAll('sniah')) {
      expect(SUITES.sniah.shortcut(task)).toBe(task.expected);
      expect(leaks(task)).toBe(true);
    }
  });

  it('oolong-lite: keyword rules fail on count questions', () => {
    const counts = generateAll('oolong-lite').filter((task) => (task.meta.query as { kind: string }).kind === 'count');
    expect(counts.length).toBeGreaterThan(4);
    expect(share(counts, leaks)).toBeLessThan(0.2);
    expect(share(generateAll('oolong-lite'), leaks)).toBeLessThan(0.35);
  });

  it('pairs-lite: keyword rules rarely give the exact set of pairs', () => {
    const tasks = generateAll('pairs-lite');
    expect(share(tasks, leaks)).toBeLessThan(0.2);
    expect(
      tasks.reduce(
        (sum, task) => sum + SUITES['pairs-lite'].score(task, SUITES['pairs-lite'].shortcut(task)).score,
        0,
      ) / tasks.length,
    ).toBeLessThan(0.6);
  });

  it('multihop-docs: near-miss sentences fool a keyword chain most of the time', () => {
    expect(share(generateAll('multihop-docs'), leaks)).toBeLessThan(0.4);
  });
});

describe('instance labels', () => {
  const tasks = [...generateAll('oolong-lite'), ...generateAll('pairs-lite', 32_768)];

  it('are one label per instance text across tasks (the oracle sub-model relies on it)', () => {
    expect(() => labelTruth(tasks)).not.toThrow();
    expect(labelTruth(tasks).size).toBeGreaterThan(1000);
  });

  it('are not reliably recovered by keyword rules', () => {
    const truth = [...labelTruth(tasks)];
    const accuracy = truth.filter(([text, label]) => keywordLabel(text) === label).length / truth.length;
    expect(accuracy).toBeGreaterThan(0.2);
    expect(accuracy).toBeLessThan(0.7);
  });

  it('skew: a few heavy users, and every label present', () => {
    const task = SUITES['oolong-lite'].generate({ seed: 5, targetTokens: 32_768 });
    const users = new Map<string, number>();
    for (const match of (task.context as string).matchAll(/User: (\d+)/g))
      users.set(match[1] ?? '', (users.get(match[1] ?? '') ?? 0) + 1);
    const sorted = [...users.values()].toSorted((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(5 * (sorted[Math.floor(sorted.length / 2)] ?? 1));
    expect(new Set(Object.values(task.meta.labelOf as Record<string, string>)).size).toBe(6);
  });
});

describe('multihop facts', () => {
  it('each hop of the chain is stated exactly once in the true phrasing, among near misses', () => {
    for (const task of generateAll('multihop-docs').slice(0, 10)) {
      const text = (task.context as Array<{ content: string }>).map((doc) => doc.content).join('\n');
      const { hops } = task.meta.query as MultihopQuery;
      const chain = task.meta.chain as string[];
      hops.forEach((relation, index) => {
        expect(readFacts(text, relation, chain[index] ?? '')).toEqual([chain[index + 1]]);
      });
      expect(text.split(chain[0] ?? '').length - 1).toBeGreaterThanOrEqual(3);
    }
  });
});
