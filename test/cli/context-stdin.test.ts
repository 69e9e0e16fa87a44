// `rlm ask` with the context on stdin: held to --max-context-bytes as it streams in (issues 10 and 13), whether stdin
// is a pipe, a device that never ends or a file, and a notice when stdin is a terminal (issue 10).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import {
  assertBuilt,
  BIN,
  sandboxForTest,
  serveSandbox,
  probeScript,
  probeValue,
  serverArgs,
  type CliResult,
  type Sandbox,
} from './helpers.ts';

beforeAll(assertBuilt);

/** Runs the CLI with `stdinPath` opened as its stdin (a device or a file rather than a pipe). */
function runWithStdinFrom(sandbox: Sandbox, stdinPath: string, args: string[]): Promise<CliResult> {
  const fd = openSync(stdinPath, 'r');
  const child = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], {
    cwd: sandbox.cwd,
    env: sandbox.env,
    stdio: [fd, 'pipe', 'pipe'],
  });
  closeSync(fd);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rlm did not exit within 60 s.\nstderr: ${stderr}`));
    }, 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe.concurrent('rlm ask: stdin is held to --max-context-bytes', { timeout: 90_000 }, () => {
  it('refuses piped stdin over the limit with exit 2 before calling any model', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(probeScript('context.length'), onTestFinished);

    const result = await ask(['--max-context-bytes', '1k', 'q'], {
      stdin: 'x'.repeat(5000),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--context -: stdin passed 1.0 KB and reading stopped, over the 1.0 KB limit for the context (--max-context-bytes)',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('stops reading an endless stdin (/dev/zero) at the limit: a clear message and exit 2, no crash or stack', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await serveSandbox(probeScript('context.length'), onTestFinished);

    const result = await runWithStdinFrom(sandbox, '/dev/zero', [
      'ask',
      ...serverArgs(server),
      '--max-context-bytes',
      '8mb',
      'q',
    ]);

    expect(result.stderr).toContain('stdin passed 8.0 MB and reading stopped');
    expect(result.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(result.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a file redirected to stdin by its size, and reads one within the limit', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await serveSandbox(probeScript('[typeof context, context.length]'), onTestFinished);
    const file = sandbox.write('big.txt', 'y'.repeat(3000));

    const over = await runWithStdinFrom(sandbox, file, [
      'ask',
      ...serverArgs(server),
      '--max-context-bytes',
      '2k',
      'q',
    ]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--context -: stdin is 2.9 KB, over the 2.0 KB limit for the context');
    expect(server.requests).toHaveLength(0);

    const within = await runWithStdinFrom(sandbox, file, ['ask', ...serverArgs(server), 'q']);
    expect(within.code).toBe(0);
    expect(probeValue(server)).toEqual(['string', 3000]);
  });
});

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('rlm ask -c - on a terminal (under a pty)', () => {
  it('says on stderr that it reads the context from stdin and how to end it, then reads what is typed', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
    const command = [
      process.execPath,
      '--no-node-snapshot',
      BIN,
      'ask',
      '-m',
      'root-model',
      '-c',
      '-',
      '--estimate',
      'q',
    ]
      .map(quote)
      .join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: sandbox.cwd,
      env: { ...sandbox.env, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const noticed = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Ctrl-D')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    onTestFinished(() => clearTimeout(timer));

    await noticed;
    expect(output).toContain('Reading the context from stdin… (end it with Ctrl-D on an empty line)');
    child.stdin.write('typed at the terminal\n');
    child.stdin.write('\u0004');
    const code = await closed;

    expect(output).toMatch(/context: +1 file\(s\), 22 B, 22 characters/);
    expect(code).toBe(0);
  }, 90_000);
});
