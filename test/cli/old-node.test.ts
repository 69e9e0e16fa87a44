// `rlm` started by a Node older than 24 (what `npm link`, a global install or npx get when the system Node is 20):
// the shim runs the CLI on the Node 24 that rlm depends on, or says in one line what is missing.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import {
  assertBuilt,
  BIN,
  sandboxForTest,
  serveSandbox,
  PACKAGE_VERSION,
  protocolScript,
  repl,
  ROOT,
  rootRequests,
  serverArgs,
  SEVERAL_RUNS_TIMEOUT_MS,
  waitFor,
  type CliResult,
  type Sandbox,
} from './helpers.ts';

beforeAll(assertBuilt);

/** A Node older than 24 on this machine (the system one), or undefined. */
function findOldNode(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/bin', '/usr/bin', '/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'node');
    if (!existsSync(candidate)) continue;
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(version.slice(1).split('.')[0]) < 24) return candidate;
    } catch {
      // not runnable
    }
  }
  return undefined;
}

const OLD_NODE = findOldNode();

/** Runs `command args` with a PATH whose first `node` is the old one, as a user's shell would. */
function run(sandbox: Sandbox, command: string, args: string[]): Promise<CliResult> {
  return start(sandbox, command, args).done;
}

function start(sandbox: Sandbox, command: string, args: string[]) {
  const oldNodeDir = path.join(sandbox.base, 'old-node-bin');
  if (!existsSync(oldNodeDir)) {
    mkdirSync(oldNodeDir);
    symlinkSync(OLD_NODE ?? '', path.join(oldNodeDir, 'node'));
  }
  const env = { ...sandbox.env, PATH: `${oldNodeDir}${path.delimiter}/usr/bin${path.delimiter}/bin` };
  const child = spawn(command, args, { cwd: sandbox.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

describe.skipIf(!OLD_NODE).concurrent(`bin/rlm.js with an older Node on PATH (${OLD_NODE})`, () => {
  it('--version: run directly (shebang → the old node) and as `node bin/rlm.js`', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    for (const [command, args] of [
      [BIN, ['--version']],
      ['node', [BIN, '--version']],
    ] as const) {
      const result = await run(sandbox, command, [...args]);
      expect(result.stderr, command).toBe('');
      expect(result.stdout, command).toBe(`${PACKAGE_VERSION}\n`);
      expect(result.code, command).toBe(0);
    }
  });

  it('a whole run (the shipped demo replay, sandbox included) answers and keeps its exit status', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const demo = path.join(ROOT, 'fixtures', 'demo');
    const question = 'What caused the checkout failures, and which request ids failed?';
    const args = ['ask', '--replay', path.join(demo, 'run.jsonl'), '-c', path.join(demo, 'service.log'), question];
    const result = await run(sandbox, BIN, args);
    expect(result.stdout).toContain('payments database pool from 50 to 5 connections');
    expect(result.code).toBe(0);

    const refused = await run(sandbox, BIN, ['ask', '--bogus']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("rlm: unknown option '--bogus'");
  });

  it(
    'SIGTERM to the shim reaches the CLI: the run is cancelled, its log closed, exit 143',
    { timeout: SEVERAL_RUNS_TIMEOUT_MS },
    async ({ expect, onTestFinished }) => {
      const { server, sandbox } = await serveSandbox(
        protocolScript([repl("print('peeked')"), { text: 'FINAL(too late)', delayMs: 60_000 }]),
        onTestFinished,
      );
      sandbox.write('ctx.txt', 'a context');
      const cli = start(sandbox, BIN, ['ask', ...serverArgs(server), '-c', 'ctx.txt', 'q']);
      await waitFor(() => rootRequests(server).length >= 2, 'the second root request');
      cli.child.kill('SIGTERM');
      const result = await cli.done;
      expect(result.code).toBe(143);
      expect(result.stderr).toContain('Terminated (SIGTERM)');
      expect(result.stderr).toMatch(/log: .+\.jsonl/);
    },
  );

  it('without the bundled Node 24 it says so in one line and exits 1', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    // The shim alone, outside any node_modules: nothing to fall back on.
    const bin = path.join(sandbox.base, 'pkg', 'bin');
    mkdirSync(bin, { recursive: true });
    for (const name of ['rlm.js', 'package.json']) copyFileSync(path.join(ROOT, 'bin', name), path.join(bin, name));
    const result = await run(sandbox, path.join(bin, 'rlm.js'), ['--version']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^rlm: needs Node\.js 24 or newer; this is Node \d+\.\d+\.\d+ and the Node 24 that rlm installs with itself \(npm package "node"\) is missing: reinstall rlm, or install Node 24\n$/,
    );
  });
});
