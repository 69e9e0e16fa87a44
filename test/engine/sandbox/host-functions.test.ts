import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Sandbox, type HostFunction, type SandboxOptions } from '../../../src/engine/sandbox/index.ts';
import { sandboxOpener } from '../../support/sandbox-opener.ts';

const openSandbox = sandboxOpener({
  context: 'ctx',
  cpuTimeLimitMs: 2_000,
  wallTimeLimitMs: 5_000,
  deadlockAfterMs: 300,
});

function session(hostFunctions: Record<string, HostFunction>, options: SandboxOptions = {}): Promise<Sandbox> {
  return openSandbox({ hostFunctions, ...options });
}

/** A host function that records every call's arguments and signal. */
function recorder(answer: (args: unknown[], signal: AbortSignal) => unknown = (args) => args[0]) {
  const calls: { args: unknown[]; signal: AbortSignal }[] = [];
  const fn: HostFunction = async (args, { signal }) => {
    calls.push({ args, signal });
    return answer(args, signal);
  };
  return { calls, fn };
}

describe('host functions', () => {
  it('are globals that return Promises of the host result', async () => {
    const echo = recorder((args) => ({ got: args }));
    const sb = await session({ echo: echo.fn });
    const result = await sb.run(
      'const p = echo(1, "two", { three: [3] });\nconst isPromise = p instanceof Promise;\nconst answer = await p;\n[typeof echo, isPromise, JSON.stringify(answer)]',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toBe(`[ 'function', true, '{"got":[1,"two",{"three":[3]}]}' ]`);
    expect(echo.calls).toHaveLength(1);
    expect(echo.calls[0]?.args).toEqual([1, 'two', { three: [3] }]);
  });

  it('passes results as copies: sandbox mutations do not reach the host object and vice versa', async () => {
    const shared = { count: 1, nested: { list: [1, 2] } };
    const sb = await session({ getShared: async () => shared });
    const first = await sb.run('const got = await getShared();\ngot.count = 99;\ngot.nested.list.push(3);\ngot.count');
    expect(first.value).toBe('99');
    expect(shared).toEqual({ count: 1, nested: { list: [1, 2] } });

    shared.count = 1234;
    shared.nested.list.length = 0;
    const second = await sb.run('[got.count, got.nested.list]');
    expect(second.value).toBe('[ 99, [ 1, 2, 3 ] ]');
    const fresh = await sb.run('(await getShared()).count');
    expect(fresh.value).toBe('1234');
  });

  it('passes arguments as copies: the sandbox mutating its object later does not reach the host', async () => {
    const echo = recorder(() => 'ok');
    const sb = await session({ echo: echo.fn });
    await sb.run(
      'const arg = { items: [1] };\nconst pending = echo(arg);\narg.items.push(2);\narg.extra = true;\nawait pending',
    );
    expect(echo.calls[0]?.args).toEqual([{ items: [1] }]);
  });

  it('rejects a function argument with a catchable error', async () => {
    const echo = recorder();
    const sb = await session({ echo: echo.fn });
    const result = await sb.run(
      'let caught;\ntry { await echo({ callback() { return 1 } }); } catch (error) { caught = [error instanceof Error, error.message]; }\ncaught',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toMatch(/^\[ true, '.*(clone|function|copy|transfer).*' \]$/is);
    expect(echo.calls).toHaveLength(0);
    expect((await sb.run('await echo("after")')).value).toBe("'after'");
  });

  it('delivers host errors as catchable rejections with the message and no host stack', async () => {
    const sb = await session({
      fails: async () => {
        throw new Error('upstream said no (42)');
      },
      failsWithString: async () => {
        throw 'plain string failure';
      },
    });
    const result = await sb.run(
      'const out = [];\ntry { await fails(); } catch (error) { out.push(error instanceof Error, error.message, String(error.stack).includes("host-functions.test")); }\ntry { await failsWithString(); } catch (error) { out.push(error.message); }\nout',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toBe("[ true, 'upstream said no (42)', false, 'plain string failure' ]");

    const uncaught = await sb.run('await fails()');
    expect(uncaught.ok).toBe(false);
    expect(uncaught.error?.kind).toBe('runtime');
    expect(uncaught.error?.message).toBe('upstream said no (42)');
    expect(uncaught.modelOutput).not.toContain('/work/');
  });

  it('runs 100 parallel calls of a 200 ms host function concurrently', async () => {
    let active = 0;
    let peak = 0;
    const sb = await session({
      slow: async (args) => {
        active += 1;
        peak = Math.max(peak, active);
        await delay(200);
        active -= 1;
        return (args[0] as number) * 2;
      },
    });
    const result = await sb.run(
      'const results = await Promise.all(Array.from({ length: 100 }, (_, i) => slow(i)));\n[results.length, results[0], results[99], results.reduce((a, b) => a + b, 0)]',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toBe('[ 100, 0, 198, 9900 ]');
    // All 100 in flight at once: truly parallel (bench/sandbox.bench.ts measures the time).
    expect(peak).toBe(100);
  });

  it('aborts the signal of host calls the cell did not await', async () => {
    const never = recorder(
      (_args, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    const sb = await session({ never: never.fn });
    const result = await sb.run('never("forgotten");\n"cell done"');
    expect(result.ok).toBe(true);
    expect(result.value).toBe("'cell done'");
    expect(never.calls).toHaveLength(1);
    expect(never.calls[0]?.signal.aborted).toBe(true);
  });

  it('keeps the signal of an awaited call alive until the call finishes', async () => {
    let abortedDuringCall: boolean | undefined;
    const sb = await session({
      watched: async (_args, { signal }) => {
        await delay(30);
        abortedDuringCall = signal.aborted;
        return 'done';
      },
    });
    expect((await sb.run('await watched()')).value).toBe("'done'");
    expect(abortedDuringCall).toBe(false);
  });
});

describe('timers', () => {
  it('runs awaited setTimeout callbacks in delay order', async () => {
    const sb = await session({});
    const result = await sb.run(
      'const order = [];\nsetTimeout(() => order.push("slow"), 40);\nsetTimeout((tag) => order.push(tag), 5, "fast");\nawait new Promise((resolve) => setTimeout(resolve, 80));\norder',
    );
    expect(result.ok).toBe(true);
    expect(result.value).toBe("[ 'fast', 'slow' ]");
    expect(result.notes).toEqual([]);
  });

  it('runs setInterval until cleared', async () => {
    const sb = await session({});
    const result = await sb.run(
      'let ticks = 0;\nawait new Promise((resolve) => { const id = setInterval(() => { ticks += 1; if (ticks === 3) { clearInterval(id); resolve(); } }, 5); });\nticks',
    );
    expect(result.value).toBe('3');
    expect(result.notes).toEqual([]);
  });

  it('clearTimeout prevents a callback', async () => {
    const sb = await session({});
    const result = await sb.run(
      'let fired = false;\nconst id = setTimeout(() => { fired = true; }, 10);\nclearTimeout(id);\nawait new Promise((resolve) => setTimeout(resolve, 40));\nfired',
    );
    expect(result.value).toBe('false');
  });

  it('cancels timers the cell did not await and says so', async () => {
    const sb = await session({});
    const result = await sb.run(
      'setTimeout(() => print("late timeout"), 10);\nsetInterval(() => print("late interval"), 10);\n"ended"',
    );
    expect(result.ok).toBe(true);
    expect(result.notes).toContain(
      '2 pending timer(s) were cancelled when the cell ended (await them to let them run)',
    );
    expect(result.modelOutput).toContain('[note: 2 pending timer(s) were cancelled');

    const later = await sb.run('await new Promise((resolve) => setTimeout(resolve, 60));\n"waited"');
    expect(later.output).toBe('');
    expect(later.notes).toEqual([]);
  });
});
