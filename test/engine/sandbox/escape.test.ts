import { setTimeout as delay } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox, type CellResult, type HostFunction, type SandboxOptions } from '../../../src/engine/sandbox/index.ts';
import { sandboxOpener } from '../../support/sandbox-opener.ts';

/**
 * Abuse and escape attempts. Every test asserts the specific containment, then that the host is alive and the
 * session still answers: either the variables are kept, or `sessionReset` is true, they are gone and `context`
 * is back.
 */

const CONTEXT = 'public context text';
const CANARY = `sk-canary-${Math.random().toString(36).slice(2)}-do-not-leak`;

// A full host GC while a cell waits: a pending host call must survive it (not turn into "Promise was abandoned").
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const echo: HostFunction = async (args) => args[0];
const slowEcho: HostFunction = async (args) => {
  await delay(20);
  return args[0];
};

const openSandbox = sandboxOpener({
  context: CONTEXT,
  hostFunctions: { echo, slowEcho },
  cpuTimeLimitMs: 500,
  wallTimeLimitMs: 5_000,
  deadlockAfterMs: 300,
});

async function session(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await openSandbox(options);
  const marked = await sandbox.run('let marker = "kept"');
  expect(marked.ok).toBe(true);
  return sandbox;
}

/** The host is alive, a new cell works and the session state matches `sessionReset`. */
async function expectSessionWorks(sandbox: Sandbox, previous: CellResult): Promise<void> {
  const next = await sandbox.run(
    '[typeof context === "string" ? context : null, typeof print, 6 * 7, typeof marker === "undefined" ? "gone" : marker]',
  );
  expect(next.error, next.modelOutput).toBeUndefined();
  expect(next.value).toBe(`[ '${CONTEXT}', 'function', 42, '${previous.sessionReset ? 'gone' : 'kept'}' ]`);
  if (previous.sessionReset) {
    expect(previous.notes.join('\n')).toContain('the sandbox was restarted');
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

async function cell(sandbox: Sandbox, code: string): Promise<CellResult> {
  return sandbox.run(code);
}

describe('constructor chains stay inside the isolate', () => {
  it('this.constructor.constructor("return process")()', async () => {
    const sb = await session();
    const result = await cell(sb, 'this.constructor.constructor("return process")()');
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'ReferenceError', message: 'process is not defined' });
    await expectSessionWorks(sb, result);
  });

  it('an arrow function constructor', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      '(() => {}).constructor("return [typeof process, typeof require, typeof module, typeof Buffer, typeof global]")()',
    );
    expect(result.value).toBe("[ 'undefined', 'undefined', 'undefined', 'undefined', 'undefined' ]");
    await expectSessionWorks(sb, result);
  });

  it('async and generator function constructors', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      [
        'const AsyncFunction = (async () => {}).constructor;',
        'const GeneratorFunction = (function* () {}).constructor;',
        'const a = await AsyncFunction("return typeof process")();',
        'const g = GeneratorFunction("yield typeof require")().next().value;',
        '[a, g]',
      ].join('\n'),
    );
    expect(result.value).toBe("[ 'undefined', 'undefined' ]");
    await expectSessionWorks(sb, result);
  });

  it("an Error instance's constructor chain", async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'let chain;\ntry { null.x } catch (error) { chain = error.constructor.constructor("return [typeof process, Object.keys(this).includes(\'process\')]")(); }\nchain',
    );
    expect(result.value).toBe("[ 'undefined', false ]");
    await expectSessionWorks(sb, result);
  });

  it('a Promise, including one created by a host call', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      [
        'const local = Promise.resolve().constructor.constructor("return typeof process")();',
        'const fromHost = echo(1);',
        'const viaHost = fromHost.constructor.constructor("return typeof process")();',
        'const hostValue = await echo({ nested: {} });',
        'const viaValue = hostValue.nested.constructor.constructor("return typeof require")();',
        '[local, viaHost, viaValue, fromHost instanceof Promise, Object.getPrototypeOf(hostValue) === Object.prototype]',
      ].join('\n'),
    );
    expect(result.value).toBe("[ 'undefined', 'undefined', 'undefined', true, true ]");
    await expectSessionWorks(sb, result);
  });

  it('a host error caught in the sandbox', async () => {
    const sb = await session({
      hostFunctions: {
        hostFails: async () => {
          throw new TypeError('host side');
        },
      },
    });
    const result = await cell(
      sb,
      'let probe;\ntry { await hostFails() } catch (error) { probe = [error.message, error.constructor.constructor("return typeof process")(), String(error.stack).includes("node:"), error instanceof Error]; }\nprobe',
    );
    expect(result.value).toBe("[ 'host side', 'undefined', false, true ]");
    await expectSessionWorks(sb, result);
  });

  it('a host error reaches the sandbox as its message: no host stack frames or file paths', async () => {
    const sb = await session({
      hostFunctions: {
        hostFails: async () => {
          throw new Error('provider said no');
        },
      },
    });
    const result = await cell(
      sb,
      'let stack;\ntry { await hostFails() } catch (error) { stack = String(error.stack); }\nstack',
    );
    expect(result.value).toBe("'Error: provider said no'");
    await expectSessionWorks(sb, result);
  });

  it('Proxy traps only ever see sandbox objects', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      [
        'globalThis.trapProbes = [];',
        'let probing = false;',
        'const probe = (...args) => { if (probing) return; probing = true; for (const arg of args) { try { trapProbes.push(arg?.constructor?.constructor?.("return typeof process")?.()); } catch (error) { trapProbes.push(String(error)); } } probing = false; };',
        'const handler = new Proxy({}, { get(_t, trap) { return (...args) => { probe(...args); return Reflect[trap](...args); }; } });',
        'new Proxy({ a: 1 }, handler)',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    expect(typeof result.value).toBe('string');
    expect(result.value).toContain('a: 1');
    const probes = await cell(
      sb,
      '[trapProbes.length > 0, trapProbes.every((p) => p === undefined || p === "undefined")]',
    );
    expect(probes.value).toBe('[ true, true ]');
    await expectSessionWorks(sb, result);
  });

  it('a Proxy cannot be passed to a host function', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'let outcome;\ntry { outcome = await echo(new Proxy({}, { get() { return () => "trap"; } })); } catch (error) { outcome = "rejected: " + error.message; }\noutcome',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toMatch(/^'rejected: /);
    await expectSessionWorks(sb, result);
  });

  it('getters on the returned value never run and the host receives only a string', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'globalThis.getterRan = false;\n({ plain: 1, get trap() { globalThis.getterRan = true; return this.constructor.constructor("return process")(); } })',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toBe('{ plain: 1, trap: [Getter] }');
    expect((await cell(sb, 'getterRan')).value).toBe('false');
    await expectSessionWorks(sb, result);
  });

  it('an Error whose stack getter returns an object still reaches the host as a string', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'const e = new Error("custom");\nObject.defineProperty(e, "stack", { get() { return { forged: true, fn() {} }; } });\ne',
    );
    expect(result.ok).toBe(true);
    expect(typeof result.value).toBe('string');
    expect(result.value).toContain('custom');
    await expectSessionWorks(sb, result);
  });

  it('a thrown error with non-string name and message reaches the host as strings', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'const e = new Error("x");\ne.name = { weird: 1 };\nObject.defineProperty(e, "message", { value: [1, 2] });\nthrow e',
    );
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('runtime');
    expect(typeof result.error?.name).toBe('string');
    expect(typeof result.error?.message).toBe('string');
    expect(result.error?.name).toContain('weird');
    await expectSessionWorks(sb, result);
  });
});

describe('stack-trace tricks', () => {
  it('Error.prepareStackTrace call sites expose only sandbox frames', async () => {
    const hostPrepare = Error.prepareStackTrace;
    const sb = await session();
    const result = await cell(
      sb,
      [
        'Error.prepareStackTrace = (_error, sites) => sites.map((site) => [site.getFileName(), typeof site.getThis(), typeof site.getFunction()].join("|"));',
        'let hostStack;',
        'try { await echo(() => 1); } catch (error) { hostStack = error.stack; }',
        'const local = new Error("probe").stack;',
        'const o = {}; Error.captureStackTrace(o);',
        'JSON.stringify([local, hostStack, o.stack])',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    const text = result.value ?? '';
    expect(text).toContain('cell-');
    expect(text).not.toMatch(/node:|file:|\/work\/|sandbox\.ts|escape\.test|node_modules/);
    expect(Error.prepareStackTrace).toBe(hostPrepare);
    expect(new Error('host').stack).toContain('escape.test.ts');
    await expectSessionWorks(sb, result);
  });

  it('a throwing Error.prepareStackTrace does not break error reporting', async () => {
    const sb = await session();
    await cell(sb, 'Error.prepareStackTrace = () => { throw new Error("no stacks for you"); }');
    const result = await cell(sb, 'null.field');
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('runtime');
    expect(result.error?.message).toMatch(/null|stacks/);
    await expectSessionWorks(sb, result);
  });
});

describe('host capabilities are absent', () => {
  it('require, module, process and global are undefined', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      '[typeof require, typeof module, typeof exports, typeof process, typeof globalThis.process, typeof global, typeof __dirname, typeof Buffer, typeof fetch].join()',
    );
    expect(result.value).toBe(`'${Array(9).fill('undefined').join(',')}'`);
    const direct = await cell(sb, 'require("fs")');
    expect(direct.error).toMatchObject({ kind: 'runtime', name: 'ReferenceError' });
    await expectSessionWorks(sb, direct);
  });

  it('dynamic import() of node modules fails', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'const outcomes = [];\nfor (const name of ["fs", "node:child_process", "data:text/javascript,export default 1"]) { try { await import(name); outcomes.push("imported " + name); } catch (error) { outcomes.push("blocked"); } }\noutcomes',
    );
    expect(result.value).toBe("[ 'blocked', 'blocked', 'blocked' ]");
    await expectSessionWorks(sb, result);
  });

  it('globalThis holds no host object', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      [
        'const names = Object.getOwnPropertyNames(globalThis);',
        'const suspicious = names.filter((n) => /^\\$|ivm|isolated|^reference$|^callback$|externalcopy|^process$|^require$|^module$|^global$|^Buffer$/i.test(n));',
        'const foreign = names.filter((n) => { const v = globalThis[n]; const c = v && typeof v === "object" ? v.constructor?.name : undefined; return ["Reference", "Callback", "ExternalCopy", "Isolate", "Context", "Script", "Module"].includes(c); });',
        '[suspicious, foreign, names.length > 40, names.includes("context") && names.includes("echo")]',
      ].join('\n'),
    );
    expect(result.value).toBe('[ [], [], true, true ]');
    await expectSessionWorks(sb, result);
  });

  it('SharedArrayBuffer, Atomics.wait and Atomics.waitAsync are unavailable', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      '[typeof SharedArrayBuffer, typeof Atomics.wait, typeof Atomics.waitAsync, "wait" in Atomics, typeof Atomics.add]',
    );
    expect(result.value).toBe("[ 'undefined', 'undefined', 'undefined', false, 'function' ]");
    const call = await cell(sb, 'Atomics.wait(new Int32Array(4), 0, 0, 1000)');
    expect(call.error).toMatchObject({ kind: 'runtime', name: 'TypeError' });
    await expectSessionWorks(sb, call);
  });

  it('WebAssembly is undefined', async () => {
    const sb = await session();
    const result = await cell(sb, '[typeof WebAssembly, "WebAssembly" in globalThis]');
    expect(result.value).toBe("[ 'undefined', false ]");
    await expectSessionWorks(sb, result);
  });

  it('eval and new Function stay inside the sandbox', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      '[eval("typeof process"), (0, eval)("typeof require"), new Function("return typeof process")(), Function("return this")() === globalThis, eval("marker")]',
    );
    expect(result.value).toBe("[ 'undefined', 'undefined', 'undefined', true, 'kept' ]");
    await expectSessionWorks(sb, result);
  });
});

describe('environment canary', () => {
  beforeAll(() => {
    process.env.RLM_CANARY_SECRET = CANARY;
  });
  afterAll(() => {
    delete process.env.RLM_CANARY_SECRET;
  });

  it('never reaches sandbox output, values or errors', async () => {
    const sb = await session({ hostFunctions: { echo } });
    const attempts = [
      'process.env.RLM_CANARY_SECRET',
      'globalThis.process?.env?.RLM_CANARY_SECRET ?? "none"',
      'this.constructor.constructor("return process.env")()',
      '(() => {}).constructor("return JSON.stringify(this.process && this.process.env)")()',
      "Promise.resolve().constructor.constructor(\"return typeof process === 'undefined' ? 'no' : process.env\")()",
      'JSON.stringify(context)',
      'Object.getOwnPropertyNames(globalThis).map((n) => { try { return n + "=" + JSON.stringify(globalThis[n]); } catch { return n; } }).join("\\n")',
      'print.toString() + console.log.toString() + echo.toString() + setTimeout.toString()',
      'await echo("RLM_CANARY_SECRET")',
      'eval("process.env")',
      'new Error().stack',
      'print(process.env)',
      'try { null.x } catch (e) { e.constructor.constructor("return process")().env }',
      'const tricky = await echo({ toString() { return "x"; } })',
    ];
    const seen: string[] = [];
    for (const attempt of attempts) {
      const result = await sb.run(attempt);
      seen.push(
        result.output,
        result.modelOutput,
        result.value ?? '',
        result.error?.message ?? '',
        result.error?.name ?? '',
        ...result.notes,
      );
    }
    const everything = seen.join('\n');
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain('sk-canary');
    expect(process.env.RLM_CANARY_SECRET).toBe(CANARY);
    await expectSessionWorks(sb, { sessionReset: false } as CellResult);
  });
});

describe('prototype pollution stays inside', () => {
  it('Object.prototype pollution in the sandbox is invisible to the host and to host-function arguments', async () => {
    let received: unknown;
    const sb = await session({
      hostFunctions: {
        inspectArg: async (args) => {
          received = args[0];
          return { fromHost: true };
        },
      },
    });
    const result = await cell(
      sb,
      'Object.prototype.polluted = "yes";\nArray.prototype.evil = () => "evil";\nconst back = await inspectArg({ own: 1 });\n[({}).polluted, back.polluted, back.fromHost]',
    );
    expect(result.value).toBe("[ 'yes', 'yes', true ]");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).evil).toBeUndefined();
    expect(received).toEqual({ own: 1 });
    expect((received as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    await expectSessionWorks(sb, result);
  });

  it('__proto__ in a host-function argument arrives as a plain copy', async () => {
    const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).toSorted();
    let received: Record<string, unknown> | undefined;
    const sb = await session({
      hostFunctions: {
        take: async (args) => {
          received = args[0] as Record<string, unknown>;
          return Object.keys(received);
        },
      },
    });
    const result = await cell(
      sb,
      'await take(JSON.parse(\'{"__proto__": {"polluted": "via proto"}, "constructor": {"prototype": {"polluted": "via ctor"}}, "ok": 1}\'))',
    );
    expect(result.ok).toBe(true);
    expect(received).toBeDefined();
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    expect(received?.ok).toBe(1);
    expect(received?.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).toSorted()).toEqual(protoKeysBefore);
    await expectSessionWorks(sb, result);
  });

  it('a thenable Object.prototype does not hijack or hang later cells', async () => {
    const sb = await session();
    const poison = await cell(
      sb,
      'Object.prototype.then = function (resolve) { resolve({ ok: true, value: "forged", droppedChars: 0, timersCancelled: 0 }); };\n1',
    );
    expect(poison.error).toBeUndefined();
    const next = await cell(sb, '40 + 2');
    expect(next.error, next.modelOutput).toBeUndefined();
    expect(next.value).toBe('42');
    const cleanup = await cell(sb, 'delete Object.prototype.then');
    await expectSessionWorks(sb, cleanup);
  });

  it('overriding Array.prototype.map, Promise.prototype.then and JSON.stringify does not break host calls or later cells', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      [
        'const saved = { map: Array.prototype.map, then: Promise.prototype.then, stringify: JSON.stringify };',
        'Array.prototype.map = function () { throw new Error("map hijacked"); };',
        'Promise.prototype.then = function () { throw new Error("then hijacked"); };',
        'JSON.stringify = () => "stringify hijacked";',
        'let outcome;',
        'try { outcome = (await echo({ list: [1, 2] })).list.length; } catch (error) { outcome = "failed cleanly"; }',
        'outcome',
      ].join('\n'),
    );
    expect(result.error, result.modelOutput).toBeUndefined();
    expect(['2', "'failed cleanly'"]).toContain(result.value);
    const next = await cell(sb, '6 * 7');
    expect(next.error, next.modelOutput).toBeUndefined();
    expect(next.value).toBe('42');
    expect(Array.isArray(await sb.listVariables())).toBe(true);
    const restored = await cell(
      sb,
      'Array.prototype.map = saved.map; Promise.prototype.then = saved.then; JSON.stringify = saved.stringify;\nprint("restored"); await echo(1)',
    );
    expect(restored.output).toBe('restored\n');
    await expectSessionWorks(sb, restored);
  });
});

describe('memory bombs', () => {
  it('doubling a string until it breaks gives a catchable RangeError', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'let s = "x";\nlet caught;\ntry { while (true) s += s; } catch (error) { caught = [error instanceof RangeError, error.message]; }\ns = null;\ncaught',
    );
    expect(result.value).toBe("[ true, 'Invalid string length' ]");
    await expectSessionWorks(sb, result);
  });

  it('growing giant arrays hits memory_limit and restarts the session', async () => {
    // Near the heap limit V8 spends a lot of time in GC: generous CPU and wall limits keep this about memory.
    const sb = await session({ cpuTimeLimitMs: 30_000, wallTimeLimitMs: 60_000 });
    const result = await cell(sb, 'const hoard = [];\nwhile (true) hoard.push(new Array(1e6).fill(1.5));');
    expect(result.error?.kind).toBe('memory_limit');
    expect(result.sessionReset).toBe(true);
    await expectSessionWorks(sb, result);
  });

  it('an ArrayBuffer bigger than the limit is a catchable RangeError', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'let caught;\ntry { new ArrayBuffer(2 ** 32); } catch (error) { caught = error.name; }\ncaught',
    );
    expect(result.value).toBe("'RangeError'");
    await expectSessionWorks(sb, result);
  });

  it('a resizable ArrayBuffer grown past the memory limit is a catchable RangeError', async () => {
    const sb = await session({ memoryLimitMb: 128 });
    const result = await cell(
      sb,
      'const b = new ArrayBuffer(8, { maxByteLength: 2 ** 34 });\nlet caught;\ntry { b.resize(2 ** 33) } catch (error) { caught = error.name + ": " + error.message }\n[caught, b.byteLength]',
    );
    expect(result.value).toMatch(
      /^\[\s*'RangeError: ArrayBuffer resize: 8589934592 bytes cannot fit in the sandbox memory limit \(\d+ MiB\)',\s*8\s*\]$/,
    );
    await expectSessionWorks(sb, result);
  });

  it('accumulating ArrayBuffers hits memory_limit or a RangeError', async () => {
    const sb = await session({ cpuTimeLimitMs: 30_000, wallTimeLimitMs: 60_000 });
    const result = await cell(sb, 'const buffers = [];\nwhile (true) buffers.push(new ArrayBuffer(2 ** 24));');
    expect(result.ok).toBe(false);
    if (result.error?.kind === 'memory_limit') expect(result.sessionReset).toBe(true);
    else expect(result.error).toMatchObject({ kind: 'runtime', name: 'RangeError' });
    await expectSessionWorks(sb, result);
  });

  it.each([
    ['new Array(1e9).fill(0)'],
    ['Array.from({ length: 1e9 }, () => 0)'],
    ['Array.from({ length: 1e9 })'],
    ['new Array(1e9).toReversed()'],
    ['new Array(1e9).toSpliced(0, 0)'],
    ['new Array(1e9).with(0, 1)'],
    ['new Array(1e9).toSorted()'],
  ])('%s is refused with a catchable RangeError (V8 would not stop it and could abort the host)', async (bomb) => {
    const sb = await session();
    const result = await cell(sb, `let caught;\ntry { ${bomb}; } catch (error) { caught = error.name; }\ncaught`);
    expect(result.value).toBe("'RangeError'");
    expect(result.sessionReset).toBe(false);
    await expectSessionWorks(sb, result);
  });

  it('huge array methods still work on ranges that fit', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'const sparse = new Array(1e9);\nsparse.fill(7, 10, 13);\n[sparse[11], Array.from({ length: 3 }, (_, i) => i * 2), [1, 2, 3].toReversed(), [3, 1, 2].toSorted(), [1, 2].with(0, 9), [1, 2].toSpliced(1, 1), new Array(5).fill(0)]',
    );
    expect(result.value).toBe('[ 7, [ 0, 2, 4 ], [ 3, 2, 1 ], [ 1, 2, 3 ], [ 9, 2 ], [ 1 ], [ 0, 0, 0, 0, 0 ] ]');
    await expectSessionWorks(sb, result);
  });

  it('a huge number of promises is fine, an unbounded stream of them is contained', async () => {
    const sb = await session({ cpuTimeLimitMs: 2_000 });
    const many = await cell(
      sb,
      'const values = await Promise.all(Array.from({ length: 200_000 }, (_, i) => Promise.resolve(i)));\nvalues.length',
    );
    expect(many.value).toBe('200000');
    const unbounded = await cell(sb, 'const pending = [];\nwhile (true) pending.push(new Promise(() => {}));');
    expect(['memory_limit', 'cpu_limit']).toContain(unbounded.error?.kind);
    await expectSessionWorks(sb, unbounded);
  });
});

describe('CPU and recursion', () => {
  it('a synchronous infinite loop hits cpu_limit', async () => {
    const sb = await session();
    const result = await cell(sb, 'while (true) {}');
    expect(result.error?.kind).toBe('cpu_limit');
    await expectSessionWorks(sb, result);
  });

  it('an infinite loop after await null hits cpu_limit', async () => {
    const sb = await session();
    const result = await cell(sb, 'await null;\nfor (;;) {}');
    expect(result.error?.kind).toBe('cpu_limit');
    await expectSessionWorks(sb, result);
  });

  it('an infinite loop after awaiting a host function hits cpu_limit', async () => {
    const sb = await session();
    const result = await cell(sb, 'await slowEcho(1);\nlet n = 0;\nwhile (true) { n++; }');
    expect(result.error?.kind).toBe('cpu_limit');
    expect(result.sessionReset).toBe(true);
    await expectSessionWorks(sb, result);
  });

  it('a microtask left queued by a cell stopped for CPU does not run in the next cell', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'Promise.resolve().then(() => { globalThis.leftover = true; while (true) {} });\nslowEcho(1).then(() => { globalThis.leftover = true; while (true) {} });\nwhile (true) {}',
    );
    expect(result.error?.kind).toBe('cpu_limit');
    await delay(100);
    const next = await cell(sb, 'typeof leftover');
    expect(next.error, next.modelOutput).toBeUndefined();
    expect(next.value).toBe("'undefined'");
    await expectSessionWorks(sb, result);
  });

  it('an endless microtask chain hits cpu_limit', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'const spin = () => Promise.resolve().then(spin);\nspin();\nawait new Promise(() => {});',
    );
    expect(result.error?.kind).toBe('cpu_limit');
    await expectSessionWorks(sb, result);
  });

  it('deep recursion is a catchable RangeError', async () => {
    const sb = await session();
    const caught = await cell(
      sb,
      'function down(n) { return down(n + 1) + 1; }\nlet caught;\ntry { down(0); } catch (error) { caught = [error instanceof RangeError, error.message]; }\ncaught',
    );
    expect(caught.value).toBe("[ true, 'Maximum call stack size exceeded' ]");
    const uncaught = await cell(sb, 'down(0)');
    expect(uncaught.error).toMatchObject({
      kind: 'runtime',
      name: 'RangeError',
      message: 'Maximum call stack size exceeded',
    });
    await expectSessionWorks(sb, uncaught);
  });

  it('work chained on an un-awaited host call does not run after the cell ends', async () => {
    const sb = await session();
    const first = await cell(
      sb,
      'globalThis.ranLate = false;\nslowEcho(1).then(() => { globalThis.ranLate = true; while (true) {} });\n"returned at once"',
    );
    expect(first.value).toBe("'returned at once'");
    await delay(150);
    const next = await cell(sb, 'ranLate');
    expect(next.error, next.modelOutput).toBeUndefined();
    expect(next.value).toBe('false');
    await expectSessionWorks(sb, next);
  });
});

describe('output and timer floods', () => {
  it('a 50 MB print is capped at the capture limit with a note', async () => {
    const sb = await session({ cpuTimeLimitMs: 5_000 });
    const result = await cell(sb, 'print("y".repeat(50_000_000));\n"done"');
    expect(result.ok).toBe(true);
    expect(result.output.length).toBe(2_000_000);
    expect(result.notes.join('\n')).toContain('48,000,001 more characters were not recorded');
    expect(result.modelOutput.length).toBeLessThan(21_000);
    expect(result.modelOutput).toContain('characters omitted');
    await expectSessionWorks(sb, result);
  });

  it('10,000 timers hit the timer limit with a RangeError', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'let created = 0;\nlet caught;\ntry { for (let i = 0; i < 10_000; i++) { setTimeout(() => print("never"), 60_000); created++; } } catch (error) { caught = [error.name, error.message]; }\n[created, caught]',
    );
    expect(result.value).toBe("[ 1000, [ 'RangeError', 'Too many pending timers (limit 1000 per cell)' ] ]");
    expect(result.notes).toContain(
      '1000 pending timer(s) were cancelled when the cell ended (await them to let them run)',
    );
    await expectSessionWorks(sb, result);
  });

  it('a setInterval that never stops is cancelled at cell end and never runs again', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'globalThis.ticks = 0;\nsetInterval(() => { ticks++; }, 1);\nawait new Promise((resolve) => setTimeout(resolve, 30));\nticks > 0',
    );
    expect(result.value).toBe('true');
    expect(result.notes).toContain(
      '1 pending timer(s) were cancelled when the cell ended (await them to let them run)',
    );
    const later = await cell(
      sb,
      'const before = ticks;\nawait new Promise((resolve) => setTimeout(resolve, 50));\nticks === before',
    );
    expect(later.value).toBe('true');
    await expectSessionWorks(sb, later);
  });
});

describe('cells that never finish', () => {
  it('a Promise that never settles is a deadlock and keeps the variables', async () => {
    const sb = await session();
    const result = await cell(sb, 'let before = "set";\nawait new Promise(() => {});\nlet after = "unreachable";');
    expect(result.error?.kind).toBe('deadlock');
    expect(result.sessionReset).toBe(false);
    expect((await cell(sb, '[before, typeof after]')).value).toBe("[ 'set', 'undefined' ]");
    await expectSessionWorks(sb, result);
  });

  it('wallTimeLimitMs stops a cell waiting on a host call that never resolves and aborts its signal', async () => {
    const signals: AbortSignal[] = [];
    const sb = await session({
      wallTimeLimitMs: 400,
      hostFunctions: {
        hang: async (_args, { signal }) => {
          signals.push(signal);
          return new Promise(() => {});
        },
      },
    });
    const running = cell(sb, 'await hang()');
    await delay(100);
    collectGarbage();
    const result = await running;
    expect(result.error?.kind, result.modelOutput).toBe('wall_limit');
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    await expectSessionWorks(sb, result);
  });

  it('a signal already aborted when the cell starts stops it (no internal error)', async () => {
    const sb = await session();
    const controller = new AbortController();
    controller.abort();
    const result = await sb.run('let late = 1', { signal: controller.signal });
    expect(result.error?.kind).toBe('aborted');
    await expectSessionWorks(sb, result);
  });

  it("the run's signal stops a busy cell", async () => {
    const sb = await session({ cpuTimeLimitMs: 15_000, wallTimeLimitMs: 15_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await sb.run('while (true) {}', { signal: controller.signal });
    expect(result.error?.kind).toBe('aborted');
    await expectSessionWorks(sb, result);
  });

  it("the run's signal stops a cell waiting on a host call and aborts that call", async () => {
    const signals: AbortSignal[] = [];
    const sb = await session({
      cpuTimeLimitMs: 15_000,
      wallTimeLimitMs: 15_000,
      hostFunctions: {
        hang: async (_args, { signal }) => {
          signals.push(signal);
          return new Promise(() => {});
        },
      },
    });
    const controller = new AbortController();
    const running = sb.run('await hang()', { signal: controller.signal });
    await delay(50);
    collectGarbage();
    await delay(50);
    controller.abort();
    const result = await running;
    expect(result.error?.kind, result.modelOutput).toBe('aborted');
    expect(signals[0]?.aborted).toBe(true);
    await expectSessionWorks(sb, result);
  });
});

describe('odd throws and tampering', () => {
  it('throwing non-Error values is reported', async () => {
    const sb = await session();
    const object = await cell(sb, 'throw { a: 1 }');
    expect(object.error).toMatchObject({ kind: 'runtime', message: '{ a: 1 }' });
    const nothing = await cell(sb, 'throw null');
    expect(nothing.error).toMatchObject({ kind: 'runtime', message: 'null' });
    const rejected = await cell(sb, 'await Promise.reject(undefined)');
    expect(rejected.error).toMatchObject({ kind: 'runtime', message: 'undefined' });
    await expectSessionWorks(sb, rejected);
  });

  it('print and console cannot be replaced or deleted', async () => {
    const sb = await session();
    const tamper = await cell(
      sb,
      [
        'globalThis.print = null;',
        'delete globalThis.print;',
        'console.log = () => {};',
        'let redefined;',
        'try { Object.defineProperty(globalThis, "print", { value: () => {} }); } catch (error) { redefined = error.name; }',
        'redefined',
      ].join('\n'),
    );
    expect(tamper.value).toBe("'TypeError'");
    const next = await cell(sb, 'print("print works");\nconsole.log("console works")');
    expect(next.output).toBe('print works\nconsole works\n');
    await expectSessionWorks(sb, next);
  });

  it('listVariables resolves even when a global getter never returns', async () => {
    const sb = await session();
    const result = await cell(
      sb,
      'Object.defineProperty(globalThis, "spin", { get() { while (true) {} }, configurable: true });\nlet fine = 1',
    );
    expect(result.ok).toBe(true);
    const variables = await sb.listVariables();
    expect(Array.isArray(variables)).toBe(true);
    const cleanup = await cell(sb, 'delete globalThis.spin');
    expect((await sb.listVariables()).map((variable) => variable.name)).toEqual(
      expect.arrayContaining(['marker', 'fine']),
    );
    await expectSessionWorks(sb, cleanup);
  });

  it('the REPL internals cannot be replaced', async () => {
    const sb = await session();
    const tamper = await cell(
      sb,
      [
        'const failures = [];',
        'for (const name of ["__rlm_run_cell", "__rlm_list_vars", "__rlm_global", "echo", "context"]) {',
        '  globalThis[name] = () => "forged";',
        '  try { Object.defineProperty(globalThis, name, { value: () => "forged" }); } catch { failures.push(name); }',
        '}',
        'failures.length',
      ].join('\n'),
    );
    expect(tamper.value).toBe('5');
    const next = await cell(sb, 'await echo("real")');
    expect(next.value).toBe("'real'");
    expect(await sb.listVariables()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'failures' })]));
    await expectSessionWorks(sb, next);
  });
});
