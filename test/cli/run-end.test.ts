// How a run ends when something outside stops it: SIGTERM, stdout closed by its reader (`| head`), a killed process;
// and what `rlm runs` then says about it (finished, running, interrupted).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import { CLI_KILL_AFTER_MS } from '../support/time-limits.ts';
import {
  assertBuilt,
  BIN,
  serveSandbox,
  protocolScript,
  repl,
  rootRequests,
  runRlm,
  serverArgs,
  SEVERAL_RUNS_TIMEOUT_MS,
  spawnRlm,
  waitFor,
  type Sandbox,
} from './helpers.ts';

beforeAll(assertBuilt);

/** Turn 1 runs a cell; turn 2's reply takes 60 s, long enough to stop the run while it waits. */
const slowSecondTurn = () =>
  protocolScript([repl("print('peeked', context.length)"), { text: 'FINAL(too late)', delayMs: 60_000 }]);

async function runsJson(sandbox: Sandbox): Promise<Array<Record<string, unknown>>> {
  const result = await runRlm(sandbox, ['runs', '--json']);
  return result.stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.concurrent('rlm ask: stopped from outside', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('SIGTERM cancels the run like Ctrl-C: the log is closed with run_end, exit 143', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await serveSandbox(slowSecondTurn(), onTestFinished);

    const cli = spawnRlm(sandbox, ['ask', ...serverArgs(server), 'what is it?'], { stdin: 'a context' });
    await waitFor(() => rootRequests(server).length >= 2, 'the second root request');
    cli.child.kill('SIGTERM');
    const result = await cli.done;

    expect(result.code).toBe(143);
    expect(result.stderr).toContain('Terminated (SIGTERM)');
    expect(result.stdout).toBe('');
    const logPath = /log: (.+\.jsonl)/.exec(result.stderr)?.[1] ?? '';
    const log = parseLog(readFileSync(logPath, 'utf8'));
    expect(log.badLines).toEqual([]);
    expect(log.partial).toBe(false);
    expect(log.events.findLast((event) => event.type === 'run_end')).toMatchObject({
      stopReason: 'aborted',
      answer: null,
      error: { code: 'aborted', message: 'Terminated (SIGTERM)' },
    });
    const [listed] = await runsJson(sandbox);
    expect(listed).toMatchObject({ status: 'finished', stopReason: 'aborted' });
  });

  it('`--stream-json … | head -c 10`: the run stops, the log records why, exit 141', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await serveSandbox(slowSecondTurn(), onTestFinished);
    const logFile = `${sandbox.base}/run.jsonl`;
    const args = ['ask', ...serverArgs(server), '--stream-json', '--log', logFile, 'what is it?'];
    // The shell pipeline a user types; PIPESTATUS[0] is rlm's own exit status.
    const script = `printf 'a context' | "$0" --no-node-snapshot "$1" "\${@:2}" | head -c 10; echo "rlm-status=\${PIPESTATUS[1]}" >&2`;
    const child = spawn('bash', ['-c', script, process.execPath, BIN, ...args], { cwd: sandbox.cwd, env: sandbox.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_KILL_AFTER_MS);
    await closed;
    clearTimeout(timer);

    expect(stdout).toHaveLength(10);
    // rlm exited by itself (a kill by the timer would leave no status line), without waiting for the slow turn.
    expect(stderr).toContain('rlm-status=141');
    const log = parseLog(readFileSync(logFile, 'utf8'));
    expect(log.badLines).toEqual([]);
    expect(log.events.findLast((event) => event.type === 'run_end')).toMatchObject({
      stopReason: 'aborted',
      error: { message: 'stdout was closed by its reader: the run was stopped' },
    });
  });
});

describe.concurrent('rlm runs: in progress, interrupted or finished', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('a live run is "running"; once its process is killed, "interrupted"', async ({ expect, onTestFinished }) => {
    const { server, sandbox } = await serveSandbox(slowSecondTurn(), onTestFinished);

    const cli = spawnRlm(sandbox, ['ask', ...serverArgs(server), 'what is it?'], { stdin: 'a context' });
    await waitFor(() => rootRequests(server).length >= 2, 'the second root request');
    const [live] = await runsJson(sandbox);
    expect(live).toMatchObject({ status: 'running', stopReason: null, question: 'what is it?' });
    const text = await runRlm(sandbox, ['runs']);
    expect(text.stdout).toMatch(/ running +/);

    cli.child.kill('SIGKILL');
    await cli.done;
    const [dead] = await runsJson(sandbox);
    expect(dead).toMatchObject({ status: 'interrupted', stopReason: null });
    expect((await runRlm(sandbox, ['runs'])).stdout).toMatch(/ interrupted +/);
  });
});

describe.concurrent('rlm view: the answer', () => {
  it('a piped summary prints the whole multi-line answer', async ({ expect, onTestFinished }) => {
    const answer = ['first line of the answer', 'second line', '', 'fourth line after a blank'].join('\n');
    const { sandbox, ask } = await serveSandbox(
      protocolScript([repl(`FINAL(${JSON.stringify(answer)})`)]),
      onTestFinished,
    );
    const run = await ask(['q'], { stdin: 'ctx' });
    expect(run.stdout).toBe(`${answer}\n`);

    const view = await runRlm(sandbox, ['view', 'last']);
    expect(view.code).toBe(0);
    expect(view.stdout).toContain(`answer:\n${answer}\n`);
  });
});
