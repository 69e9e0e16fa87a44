import { describe, expect, it } from 'vitest';
import { Sandbox } from '../../../src/engine/sandbox/index.ts';
import { sandboxOpener } from '../../support/sandbox-opener.ts';

const session = sandboxOpener({
  context: 'the context',
  cpuTimeLimitMs: 2_000,
  wallTimeLimitMs: 5_000,
  deadlockAfterMs: 300,
});

/** Runs a cell that must succeed and returns it. */
async function ok(sandbox: Sandbox, code: string, options?: { dialect?: string }) {
  const result = await sandbox.run(code, options);
  expect(result.error, result.modelOutput).toBeUndefined();
  expect(result.ok).toBe(true);
  return result;
}

describe('declarations persist across cells', () => {
  it('keeps let, const, var, function and class declarations', async () => {
    const sb = await session();
    await ok(
      sb,
      'let a = 1;\nconst b = 2;\nvar c = 3;\nfunction add(x, y) { return x + y; }\nclass Point { constructor(x) { this.x = x; } }',
    );
    const result = await ok(sb, 'a += 10;\n[a, b, c, add(b, c), new Point(7).x, typeof Point]');
    expect(result.value).toBe("[ 11, 2, 3, 5, 7, 'function' ]");
    expect((await ok(sb, 'a')).value).toBe('11');
  });

  it('keeps object, array, nested, rest and default destructuring', async () => {
    const sb = await session();
    await ok(
      sb,
      [
        'const { p, q: renamed, ...others } = { p: 1, q: 2, r: 3, s: 4 };',
        'const [first, , third = 30, ...tail] = [10, 20, undefined, 40, 50];',
        'let { deep: { inner: [innerFirst] }, missing = "fallback" } = { deep: { inner: ["x", "y"] } };',
      ].join('\n'),
    );
    const result = await ok(sb, '[p, renamed, others, first, third, tail, innerFirst, missing]');
    expect(result.value).toBe("[ 1, 2, { r: 3, s: 4 }, 10, 30, [ 40, 50 ], 'x', 'fallback' ]");
  });

  it('allows re-declaring a const in a later cell, like a REPL', async () => {
    const sb = await session();
    await ok(sb, 'const x = 1');
    await ok(sb, 'const x = "two"');
    expect((await ok(sb, 'x')).value).toBe("'two'");
    await ok(sb, 'let x;');
    expect((await ok(sb, 'typeof x')).value).toBe("'undefined'");
  });

  it('hoists functions so they are callable before their declaration in the same cell', async () => {
    const sb = await session();
    const result = await ok(sb, 'const y = twice(21);\nfunction twice(n) { return n * 2; }\ny');
    expect(result.value).toBe('42');
    expect((await ok(sb, 'twice(5)')).value).toBe('10');
  });

  it('leaks a for (var i …) counter into the session', async () => {
    const sb = await session();
    await ok(sb, 'for (var i = 0; i < 3; i++) {}\nfor (var key in { only: 1 }) {}');
    expect((await ok(sb, '[i, key]')).value).toBe("[ 3, 'only' ]");
  });

  it('supports top-level await', async () => {
    const sb = await session();
    const result = await ok(
      sb,
      'const v = await Promise.resolve(5);\nconst w = await new Promise((resolve) => setTimeout(() => resolve(v + 1), 5));\nv * w',
    );
    expect(result.value).toBe('30');
    expect((await ok(sb, 'w')).value).toBe('6');
  });
});

describe('cell values', () => {
  it('returns the last expression value and nothing for declarations', async () => {
    const sb = await session();
    const expression = await ok(sb, 'const o = { a: 1 };\no.a + 1');
    expect(expression.value).toBe('2');
    expect(expression.modelOutput).toBe('2');

    const declaration = await ok(sb, 'let q = 5');
    expect(declaration.value).toBeUndefined();
    expect(declaration.modelOutput).toBe('(no output)');

    const fn = await ok(sb, 'function f() { return 1 }');
    expect(fn.value).toBeUndefined();
    expect((await ok(sb, '"text"')).value).toBe("'text'");
    expect((await ok(sb, 'undefined')).value).toBeUndefined();
  });
});

describe('printing', () => {
  it('captures print, console.log, console.warn and console.error in order', async () => {
    const sb = await session();
    const result = await ok(
      sb,
      'print("one");\nconsole.log("two", 2);\nconsole.warn("three");\nconsole.error("four");\nconsole.info("five")',
    );
    expect(result.output).toBe('one\ntwo 2\nthree\nfour\nfive\n');
    expect(result.modelOutput).toBe('one\ntwo 2\nthree\nfour\nfive');
  });

  it('formats objects like Node: nesting depth, strings quoted inside, raw at top level', async () => {
    const sb = await session();
    const result = await ok(
      sb,
      'print({ a: { b: { c: { d: 1 } } } });\nprint("raw string", { s: "quoted", n: null, u: undefined, f() {} });\nprint([1, "a", [2, [3, [4, [5]]]]])',
    );
    const lines = result.output.split('\n');
    expect(lines[0]).toBe('{ a: { b: { c: [Object] } } }');
    expect(lines[1]).toBe("raw string { s: 'quoted', n: null, u: undefined, f: [Function: f] }");
    expect(lines[2]).toBe("[ 1, 'a', [ 2, [ 3, [Array] ] ] ]");
  });

  it('cuts arrays after 100 items and formats Map and Set', async () => {
    const sb = await session();
    const result = await ok(
      sb,
      'print(Array.from({ length: 150 }, (_, i) => i));\nprint(new Map([["k", 1], ["j", { x: 2 }]]));\nprint(new Set([1, "two"]))',
    );
    expect(result.output).toContain('99');
    expect(result.output).not.toContain('100,');
    expect(result.output).toContain('... 50 more items');
    expect(result.output).toContain("Map(2) { 'k' => 1, 'j' => { x: 2 } }");
    expect(result.output).toContain("Set(2) { 1, 'two' }");
  });

  it('honours %s, %d, %i, %j and %%', async () => {
    const sb = await session();
    const result = await ok(
      sb,
      'print("%s has %d items (%i%%) %j", "list", 42, 7.9, { a: 1 });\nprint("%s", { nested: "yes" }, "extra")',
    );
    expect(result.output).toBe('list has 42 items (7%) {"a":1}\n{ nested: \'yes\' } extra\n');
  });

  it('truncates the model output head + tail with the omitted count and keeps the full output', async () => {
    const sb = await session({ outputLimitChars: 200 });
    const result = await ok(sb, 'for (let n = 0; n < 500; n++) print("line " + n)');
    expect(result.output.split('\n')).toHaveLength(501);
    expect(result.output).toContain('line 250\n');
    expect(result.omittedChars).toBeGreaterThan(4_000);
    expect(result.modelOutput.startsWith('line 0\nline 1\n')).toBe(true);
    expect(result.modelOutput.endsWith('line 499')).toBe(true);
    expect(result.modelOutput).toContain(`[${result.omittedChars.toLocaleString('en-US')} characters omitted]`);
    expect(result.modelOutput).not.toContain('line 250\n');
    expect(result.modelOutput.length).toBeLessThan(300);
  });

  it('keeps an error at the end visible when output is truncated', async () => {
    const sb = await session({ outputLimitChars: 300 });
    const result = await sb.run(
      'for (let n = 0; n < 500; n++) print("line " + n);\nthrow new TypeError("the error at the end")',
    );
    expect(result.ok).toBe(false);
    expect(result.modelOutput).toContain('characters omitted');
    expect(result.modelOutput).toContain('TypeError: the error at the end');
  });

  it('stops capturing at the capture limit and says how much was dropped', async () => {
    const sb = await session({ captureLimitChars: 1_000 });
    const result = await ok(sb, 'print("x".repeat(5000));\nprint("after")');
    expect(result.output).toBe('x'.repeat(1_000));
    expect(result.notes.join('\n')).toContain('output capture limit reached: 4,007 more characters were not recorded');
    expect(result.modelOutput).toContain('[note: output capture limit reached');
  });
});

describe('errors are observations', () => {
  it('reports a syntax error with its line', async () => {
    const sb = await session();
    const result = await sb.run('const fine = 1;\nconst broken = ;\nprint(fine)');
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ kind: 'syntax', name: 'SyntaxError', line: 2 });
    expect(result.modelOutput).toContain('Syntax error (line 2)');
    expect(result.modelOutput).toContain('2 | const broken = ;');
    expect(result.output).toBe('');
    // nothing of the cell ran
    expect((await ok(sb, 'typeof fine')).value).toBe("'undefined'");
  });

  it('reports a runtime error on the right line and keeps what ran before it', async () => {
    const sb = await session();
    const result = await sb.run(
      'let before = "ran";\nprint("printed");\nconst boom = null.field;\nlet after = "never";',
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'TypeError', line: 3 });
    expect(result.error?.message).toMatch(/null/);
    expect(result.output).toBe('printed\n');
    expect(result.modelOutput).toContain('Error (line 3): TypeError:');
    expect(result.modelOutput).toContain('3 | const boom = null.field;');
    expect((await ok(sb, '[before, typeof after]')).value).toBe("[ 'ran', 'undefined' ]");
  });

  it('reports the line of an error thrown after an await', async () => {
    const sb = await session();
    const result = await sb.run(
      'await null;\nawait new Promise((r) => setTimeout(r, 1));\nthrow new RangeError("late");',
    );
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'RangeError', message: 'late', line: 3 });
  });
});

describe('TypeScript cells', () => {
  it("strips types with language: 'ts'", async () => {
    const sb = await session();
    const result = await ok(
      sb,
      'interface Item { name: string; size: number }\nconst items: Item[] = [{ name: "a", size: 2 }];\nfunction total(list: Item[]): number { return list.reduce((s, i) => s + i.size, 0); }\ntotal(items)',
      { dialect: 'ts' },
    );
    expect(result.strippedTypes).toBe(true);
    expect(result.value).toBe('2');
  });

  it('detects TypeScript automatically and keeps line numbers', async () => {
    const sb = await session();
    const annotated = await ok(
      sb,
      'const n: number = 1;\nconst s = ("x" as unknown) as string;\ninterface Named { name: string }\ntype Pair = [number, string];\nconst pair: Pair = [n, s];\npair',
    );
    expect(annotated.strippedTypes).toBe(true);
    expect(annotated.value).toBe("[ 1, 'x' ]");

    const plain = await ok(sb, 'const m = 2; m');
    expect(plain.strippedTypes).toBe(false);

    const failing = await sb.run('const t: string = "a";\n\nnull.x;');
    expect(failing.strippedTypes).toBe(true);
    expect(failing.error).toMatchObject({ kind: 'runtime', line: 3 });
  });

  it('reports a syntax error for code that is neither JavaScript nor TypeScript', async () => {
    const sb = await session();
    const result = await sb.run('const z: number = ;');
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('syntax');
    expect(result.strippedTypes).toBe(false);
  });
});

describe('reserved names', () => {
  it.each([
    ['const print = 1', 'print'],
    ['let context = "mine"', 'context'],
    ['function setTimeout() {}', 'setTimeout'],
    ['const { console } = {}', 'console'],
    ['class query {}', 'query'],
  ])('rejects `%s`', async (code, name) => {
    const sb = await session({ hostFunctions: { query: async () => 1 } });
    const result = await sb.run(`const fine = 1;\n${code}`);
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('syntax');
    expect(result.error?.line).toBe(2);
    expect(result.error?.message).toBe(
      `'${name}' is a built-in of this REPL and cannot be redeclared (choose another name)`,
    );
    const check = await ok(sb, '[typeof print, context, typeof query]');
    expect(check.value).toBe("[ 'function', 'the context', 'function' ]");
  });

  it('keeps reserved globals when assigned to', async () => {
    const sb = await session();
    await sb.run('context = "replaced"; print = null;');
    expect((await ok(sb, 'print("still"); context')).value).toBe("'the context'");
  });
});

describe('listVariables', () => {
  it('lists only the variables the user created, with summaries', async () => {
    const sb = await session({ hostFunctions: { query: async () => 1 } });
    expect(await sb.listVariables()).toEqual([]);
    await ok(
      sb,
      'const count = 3;\nlet text = "abcd";\nconst list = [1, 2];\nfunction helper() {}\nconst index = new Map([[1, 2]]);\nglobalThis.viaGlobal = true;\nclass Shape {}\nconst shape = new Shape();',
    );
    const variables = await sb.listVariables();
    const byName = Object.fromEntries(variables.map((variable) => [variable.name, variable.summary]));
    expect(Object.keys(byName).toSorted()).toEqual([
      'Shape',
      'count',
      'helper',
      'index',
      'list',
      'shape',
      'text',
      'viaGlobal',
    ]);
    expect(byName).toMatchObject({
      count: 'number 3',
      text: 'string, 4 chars',
      list: 'Array(2)',
      helper: 'function',
      index: 'Map(1)',
      shape: 'Shape',
    });
  });
});
