import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProcessSessionFactory, type ProcessSessionOptions } from '../../../src/engine/repl/index.ts';
import type { ReplSession, ReplSessionOptions } from '../../../src/engine/repl/index.ts';
import { SandboxProcess } from '../../../src/engine/repl/process/sandbox-process.ts';
import { findSandboxEntry, sandboxExecArgv } from '../../../src/engine/repl/process/spawn-options.ts';
import type { CellResult } from '../../../src/engine/sandbox/index.ts';

/**
 * The REPL in its own process: host functions, notifications and reads cross as messages, and whatever kills the
 * process costs the session its variables, never the host. Limits are small so each case ends quickly.
 */

const open: ReplSession[] = [];
afterEach(async () => {
  for (const session of open.splice(0)) await session.dispose();
});

const API = [
  'host.globals.FINAL = (value) => { host.callSync("__final", [String(value)]); return value; };',
  'host.globals.budget = () => host.callSync("__budget", []);',
].join('\n');

function harness(factoryOptions: ProcessSessionOptions = {}) {
  const factory = createProcessSessionFactory(factoryOptions);
  const finals: string[] = [];
  let spent = 0;
  const start = async (options: ReplSessionOptions = {}) => {
    const session = await factory({
      context: 'the context',
      memoryLimitMb: 256,
      cpuTimeLimitMs: 1_000,
      wallTimeLimitMs: 20_000,
      hostFunctions: {
        echo: async ([value]) => value,
        spend: async () => ++spent,
        refuse: async () => {
          throw new TypeError('refused by the host');
        },
        handsBackAFunction: async () => () => 1,
      },
      hostCallbacks: { __final: ([answer]) => void finals.push(String(answer)) },
      hostReads: { __budget: () => ({ spent }) },
      extension: API,
      ...options,
    });
    open.push(session);
    return session;
  };
  return { start, finals };
}

async function expectRestarted(session: ReplSession, result: CellResult, context = 'the context'): Promise<void> {
  expect(result.sessionReset).toBe(true);
  expect(result.modelOutput).toContain('every variable defined earlier is gone');
  const next = await session.run('[typeof kept, context, 6 * 7]');
  expect(next.value).toBe(`[ 'undefined', '${context}', 42 ]`);
}

describe('the process session crosses the boundary as messages', () => {
  it('runs cells with host functions, FINAL (a notification) and budget() (a read)', async () => {
    const { start, finals } = harness();
    const session = await start();
    const result = await session.run(
      'const before = budget().spent;\nawait spend(); await spend();\nFINAL("answer " + context);\n[before, budget().spent, await echo({ nested: [1, "two"] })]',
    );
    expect(result.error).toBeUndefined();
    expect(result.value).toBe("[ 0, 2, { nested: [ 1, 'two' ] } ]");
    expect(finals).toEqual(['answer the context']);
  });

  it('a host error arrives as its kind and message, with no stack of either process', async () => {
    const { start } = harness();
    const session = await start();
    const result = await session.run(
      'let seen;\ntry { await refuse() } catch (error) { seen = [error instanceof TypeError, error.message, String(error.stack)] }\nseen',
    );
    expect(result.value).toBe("[ true, 'refused by the host', 'TypeError: refused by the host' ]");
  });

  it('a host result that cannot be copied is an error for the cell, not a hang', async () => {
    const { start } = harness();
    const session = await start();
    const result = await session.run(
      'let seen;\ntry { await handsBackAFunction() } catch (error) { seen = error.message }\nseen',
    );
    expect(result.value).toBe("'handsBackAFunction returned a value that cannot be copied into the sandbox'");
  });

  it('variables persist between cells; listVariables and defineVariable work across the process', async () => {
    const { start } = harness();
    const session = await start();
    await session.run('let kept = [1, 2, 3]');
    await session.defineVariable('history', ['q1']);
    expect(await session.listVariables()).toContainEqual({ name: 'kept', summary: 'Array(3)' });
    expect((await session.run('[kept.length, history[0]]')).value).toBe("[ 3, 'q1' ]");
  });

  it('variables listed with a cell (listVariablesAfter) save the list round trip, and go stale with the next change', async () => {
    const requests = vi.spyOn(SandboxProcess.prototype, 'request');
    const lists = () => requests.mock.calls.filter(([message]) => message.type === 'list').length;
    const { start } = harness();
    const session = await start();
    await session.run('let a = 1', { listVariablesAfter: true });
    expect(await session.listVariables()).toEqual([{ name: 'a', summary: 'number 1' }]);
    // Answered from the cell's own reply: no list message crossed.
    expect(lists()).toBe(0);
    // A cell without the hint, then a host-defined variable: neither may be answered from the earlier listing.
    await session.run('let b = "two"');
    expect((await session.listVariables()).map((variable) => variable.name)).toEqual(['a', 'b']);
    expect(lists()).toBe(1);
    await session.run('var c = [1]', { listVariablesAfter: true });
    await session.run('globalThis.d = 4');
    expect((await session.listVariables()).map((variable) => variable.name)).toEqual(['a', 'b', 'c', 'd']);
    // A cell that crashes the process: its listing is not served afterwards, the lost variables are gone.
    const crashed = await session.run("'x'.repeat(1.4e8).split('')", { listVariablesAfter: true });
    expect(crashed.sessionReset).toBe(true);
    expect(await session.listVariables()).toEqual([]);
    requests.mockRestore();
  });
});

describe('a dead sandbox process is replaced and the run goes on', () => {
  it("a V8 fatal error ('x'.repeat(1.4e8).split('')) restarts the process with the context and host variables", async () => {
    const { start } = harness();
    const session = await start({ cpuTimeLimitMs: 60_000, memoryLimitMb: 512 });
    await session.defineVariable('history', ['earlier question']);
    await session.loadContext('context_1', 'second context');
    await session.run('let kept = 1');
    const result = await session.run("'x'.repeat(1.4e8).split('')");
    expect(result.error?.kind).toBe('crashed');
    expect(result.error?.message).toMatch(/^The cell crashed the sandbox process \(V8 fatal error: invalid size/);
    expect(result.error?.message).not.toMatch(/\//); // no paths from the crash report
    await expectRestarted(session, result);
    const restored = await session.run('[history[0], context_1]');
    expect(restored.value).toBe("[ 'earlier question', 'second context' ]");
  });

  it('a native loop that outlives the CPU limit (indexOf on { length: 2 ** 52 }) takes its process with it', async () => {
    const { start } = harness();
    const session = await start();
    await session.run('let kept = 1');
    const result = await session.run('Array.prototype.indexOf.call({ length: 2 ** 52 }, 1)');
    expect(result.error?.kind).toBe('cpu_limit');
    await expectRestarted(session, result);
  });

  it('another session of the same process is told its variables were lost, once', async () => {
    const { start } = harness();
    const parent = await start();
    const child = await start({ context: 'child context' });
    await parent.run('let kept = "parent"');
    const crash = await child.run('Array.prototype.includes.call({ length: 2 ** 52 }, 1)');
    expect(crash.error?.kind).toBe('cpu_limit');
    const after = await parent.run('typeof kept');
    expect(after.value).toBe("'undefined'");
    expect(after.sessionReset).toBe(true);
    expect(after.modelOutput).toContain('every variable defined earlier is gone');
    const again = await parent.run('context');
    expect([again.value, again.sessionReset]).toEqual(["'the context'", false]);
  });

  it('resizable ArrayBuffers, each within the memory limit, grown together past the memory cap are stopped from outside', async () => {
    const { start } = harness({ memoryCapMb: 400 });
    const session = await start({ cpuTimeLimitMs: 60_000 });
    await session.run('let kept = 1');
    const result = await session.run(
      // Each buffer is within the isolate's limit (and outside its heap accounting); together they pass the cap.
      'const kept = [];\nfor (let n = 0; n < 16; n += 1) {\n  const b = new ArrayBuffer(8, { maxByteLength: 2 ** 28 }); b.resize(2 ** 28);\n  const u = new Uint8Array(b); for (let i = 0; i < u.length; i += 4096) u[i] = 1;\n  kept.push(b);\n}',
    );
    expect(result.error?.kind).toBe('memory_limit');
    expect(result.error?.message).toMatch(
      /^The sandbox process used [\d,]+ MiB, over its cap of 400 MiB, and was restarted$/,
    );
    await expectRestarted(session, result);
  });

  it("the run's signal stops a cell stuck in a native loop", async () => {
    const { start } = harness();
    const session = await start({ cpuTimeLimitMs: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await session.run('Array.prototype.lastIndexOf.call({ length: 2 ** 52 }, 1)', {
      signal: controller.signal,
    });
    expect(result.error?.kind).toBe('aborted');
    await expectRestarted(session, result);
  });
});

/** The sandbox processes this test process started (their command line names the sandbox entry). */
function sandboxChildren(): Set<number> {
  const found = spawnSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' });
  const pids = found.stdout.split('\n').filter(Boolean).map(Number);
  return new Set(pids.filter((pid) => processState(pid)?.command.includes('sandbox-process')));
}

/** A process's command line and state letter (R, S, T stopped, Z zombie), or undefined once it is gone. */
function processState(pid: number): { command: string; state: string } | undefined {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const state = /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? '?';
    return { command, state };
  } catch {
    return undefined;
  }
}

/** The sandbox process a session's first cell started: the one child that was not there before. */
function newSandboxProcess(before: Set<number>): number {
  const started = [...sandboxChildren()].filter((pid) => !before.has(pid));
  expect(started).toHaveLength(1);
  return started[0] as number;
}

describe('a sandbox process that stops answering is killed from outside', () => {
  // SIGSTOP freezes the whole process, the isolate's thread and the IPC loop alike: neither the heartbeat nor the
  // process's own cell limits can answer, as when it is stuck in the kernel or starved.
  const busyCell = 'let spins = 0;\nfor (;;) spins += 1;';

  /** A session with one variable, whose process is frozen (SIGSTOP) while a busy cell runs; the cell's result. */
  async function freezeMidCell(options: ProcessSessionOptions, wallTimeLimitMs: number) {
    const { start } = harness(options);
    const before = sandboxChildren();
    const session = await start({ cpuTimeLimitMs: 120_000, wallTimeLimitMs });
    await session.run('let kept = 1');
    const frozen = newSandboxProcess(before);
    const running = session.run(busyCell);
    process.kill(frozen, 'SIGSTOP');
    return { session, frozen, result: await running };
  }

  it('no heartbeat answer for unresponsiveAfterMs: killed, the cell says so, the next cell runs in a new process', async () => {
    const { session, frozen, result } = await freezeMidCell({ unresponsiveAfterMs: 3_000 }, 120_000);
    expect(result.error?.kind).toBe('wall_limit');
    expect(result.error?.message).toBe('The sandbox process stopped responding for 3 s and was restarted');
    // Killed, not left stopped: gone, or a zombie until its exit is collected.
    await expect.poll(() => processState(frozen)?.state ?? 'gone', { timeout: 10_000 }).toMatch(/^(Z|gone)$/);
    await expectRestarted(session, result);
  });

  it("a cell the process's own wall limit does not stop is stopped by the host's deadline (limit + wallGraceMs)", async () => {
    const { session, result } = await freezeMidCell({ unresponsiveAfterMs: 120_000, wallGraceMs: 1_000 }, 1_000);
    expect(result.error?.kind).toBe('wall_limit');
    expect(result.error?.message).toBe('The cell ran longer than 2 s and the sandbox process was restarted');
    await expectRestarted(session, result);
  });
});

describe('the sandbox process runs behind the permission model', () => {
  it('cannot write files, start processes or workers, or read outside its code; gets no environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlm-permission-'));
    try {
      const probe = path.join(dir, 'probe.mjs');
      writeFileSync(
        probe,
        [
          "import fs from 'node:fs'; import cp from 'node:child_process'; import { Worker } from 'node:worker_threads';",
          'const attempt = (fn) => { try { fn(); return "allowed"; } catch (error) { return error.code ?? error.message; } };',
          'console.log(JSON.stringify({',
          `  write: attempt(() => fs.writeFileSync(${JSON.stringify(path.join(dir, 'written'))}, 'x')),`,
          "  read: attempt(() => fs.readFileSync('/etc/hostname')),",
          "  spawn: attempt(() => cp.execFileSync('true')),",
          "  worker: attempt(() => new Worker('1', { eval: true }).terminate()),",
          '  env: Object.keys(process.env).length,',
          '}));',
        ].join('\n'),
      );
      const entry = findSandboxEntry();
      const argv = sandboxExecArgv({ ...entry, readRoots: [...entry.readRoots, dir] }, 256);
      const run = spawnSync(process.execPath, [...argv, probe], { env: {}, encoding: 'utf8' });
      expect(JSON.parse(run.stdout)).toEqual({
        write: 'ERR_ACCESS_DENIED',
        read: 'ERR_ACCESS_DENIED',
        spawn: 'ERR_ACCESS_DENIED',
        worker: 'ERR_ACCESS_DENIED',
        env: 0,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
