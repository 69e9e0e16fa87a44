import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox, type ContextDocument } from '../../../src/engine/sandbox/index.ts';

const LINE = 'The quick brown fox jumps over the lazy dog while the log rotates at midnight.\n';
const NEEDLE = 'NEEDLE-7f3a9c: the launch code is 0451';

/** About 100 MB of repeated lines with one needle planted near the end. */
function hundredMegabytes(): { text: string; needleAt: number } {
  const before = LINE.repeat(Math.floor((99.9 * 2 ** 20) / LINE.length));
  const text = `${before}${NEEDLE}\n${LINE.repeat(500)}`;
  return { text, needleAt: before.length };
}

let sandbox: Sandbox | undefined;

afterEach(() => {
  sandbox?.dispose();
  sandbox = undefined;
});

describe('big contexts', () => {
  it('loads a 100 MB string and finds a needle near the end with a regex', async () => {
    const { text, needleAt } = hundredMegabytes();
    expect(text.length).toBeGreaterThan(100 * 10 ** 6);
    sandbox = await Sandbox.create({ context: text, cpuTimeLimitMs: 30_000, wallTimeLimitMs: 50_000 });

    const size = await sandbox.run('context.length');
    expect(size.value).toBe(String(text.length));

    const search = await sandbox.run(
      'const match = /NEEDLE-(\\w+): the launch code is (\\d+)/.exec(context);\n[match.index, match[1], match[2], context.slice(match.index - 10, match.index)]',
    );
    expect(search.error, search.modelOutput).toBeUndefined();
    expect(search.value).toBe(
      `[ ${needleAt}, '7f3a9c', '0451', ${JSON.stringify(LINE.slice(-10)).replace(/"/g, "'")} ]`,
    );

    const lines = await sandbox.run('let count = 0;\nfor (const m of context.matchAll(/NEEDLE/g)) count++;\ncount');
    expect(lines.value).toBe('1');
  });

  it('loads 10,000 documents and filters them by path and content', async () => {
    const docs: ContextDocument[] = Array.from({ length: 10_000 }, (_, i) => ({
      path: `${i % 10 === 0 ? 'src' : 'docs'}/module-${i}/${i % 3 === 0 ? 'index.ts' : 'notes.md'}`,
      content: `# Module ${i}\n${i % 250 === 0 ? 'TODO: remove the legacy parser\n' : ''}${LINE.repeat(20)}`,
    }));
    sandbox = await Sandbox.create({ context: docs, cpuTimeLimitMs: 20_000, wallTimeLimitMs: 50_000 });

    const shape = await sandbox.run(
      '[Array.isArray(context), context.length, Object.keys(context[0]), context[9999].path]',
    );
    expect(shape.value).toBe("[ true, 10000, [ 'path', 'content' ], 'docs/module-9999/index.ts' ]");

    const byPath = await sandbox.run(
      'context.filter((d) => d.path.startsWith("src/") && d.path.endsWith(".ts")).length',
    );
    expect(byPath.value).toBe(String(docs.filter((d) => d.path.startsWith('src/') && d.path.endsWith('.ts')).length));

    const byContent = await sandbox.run(
      'const todos = context.filter((d) => /TODO:/.test(d.content)).map((d) => d.path);\n[todos.length, todos[0], todos.at(-1)]',
    );
    expect(byContent.value).toBe("[ 40, 'src/module-0/index.ts', 'src/module-9750/index.ts' ]");

    const total = await sandbox.run('context.reduce((sum, d) => sum + d.content.length, 0)');
    expect(total.value).toBe(String(docs.reduce((sum, d) => sum + d.content.length, 0)));
  });
});
