// Interrupting a run, keeping API keys out of every output, replaying the shipped demo, and the informational flags.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import {
  assertBuilt,
  sandboxForTest,
  serveSandbox,
  PACKAGE_VERSION,
  protocolScript,
  repl,
  ROOT,
  rootRequests,
  runRlm,
  serverArgs,
  spawnRlm,
  waitFor,
} from './helpers.ts';

beforeAll(assertBuilt);

const DEMO_LOG = path.join(ROOT, 'fixtures', 'demo', 'run.jsonl');
const DEMO_CONTEXT = path.join(ROOT, 'fixtures', 'demo', 'service.log');
// The question recorded in fixtures/demo/run.jsonl (see fixtures/demo/README.md).
const DEMO_QUESTION = 'What caused the checkout failures, and which request ids failed?';

describe.concurrent('rlm ask: interrupting a run', () => {
  it('SIGINT mid-run exits 130, names the log, and leaves a readable partial log on disk', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await serveSandbox(
      // The slow reply outlasts the test: a CLI that waited for it instead of cancelling fails the test.
      protocolScript([repl("print('peeked', context.length)"), { text: 'FINAL(too late)', delayMs: 10 * 60_000 }]),
      onTestFinished,
    );

    const cli = spawnRlm(sandbox, ['ask', ...serverArgs(server), 'what is it?'], { stdin: 'a context to interrupt' });
    // The second root request is the slow one: by then a turn has run and been logged.
    await waitFor(() => rootRequests(server).length >= 2, 'the second root request');
    cli.child.kill('SIGINT');
    const result = await cli.done;

    expect(result.stderr).toContain('Interrupted: cancelling every in-flight call');
    expect(result.code).toBe(130);
    await waitFor(() => server.stats.aborted === 1, 'the slow request to be cancelled');
    expect(result.stdout).toBe('');
    const logPath = /log: (.+\.jsonl)/.exec(result.stderr)?.[1];
    expect(logPath).toBeDefined();
    expect(sandbox.logFiles()).toEqual([logPath]);
    expect(existsSync(logPath ?? '')).toBe(true);

    const log = parseLog(readFileSync(logPath ?? '', 'utf8'));
    expect(log.badLines).toEqual([]);
    expect(log.header).toMatchObject({ question: 'what is it?', model: 'root-model' });
    const types = log.events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['run_start', 'llm_call_end', 'code_block', 'repl_output']));
    const output = log.events.find((event) => event.type === 'repl_output');
    expect(output && 'output' in output ? output.output : '').toContain('peeked 22');
    // The run is closed as aborted: a partial trajectory, ended by the interruption rather than an answer.
    const end = log.events.findLast((event) => event.type === 'run_end');
    expect(end).toMatchObject({ stopReason: 'aborted', answer: null });
  });
});

describe.concurrent('rlm ask: API keys never leak', () => {
  const canary = `sk-test-canary-${Math.random().toString(36).slice(2)}${Date.now()}`;

  it('an auth error echoing the key is redacted on stdout, stderr and in the log', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(
      () => ({ status: 401, text: `Incorrect API key provided: ${canary}. Find your key at the dashboard.` }),
      onTestFinished,
    );

    const result = await ask(['--json', 'q'], {
      stdin: 'context',
      env: { OPENAI_API_KEY: canary },
    });

    expect(result.code).toBe(3);
    // The key really was sent to the server, so the redaction is what kept it out.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${canary}`);
    expect(result.stderr).toContain('Incorrect API key provided: [redacted]');
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'auth_failed' } });
    expect(result.stdout).toContain('[redacted]');
    expect(result.stdout).not.toContain(canary);
    expect(result.stderr).not.toContain(canary);
    const logs = sandbox.logFiles();
    expect(logs).toHaveLength(1);
    expect(readFileSync(logs[0] ?? '', 'utf8')).not.toContain(canary);
  });

  it('a model reply and answer echoing the key are redacted in --stream-json and in the log', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, ask } = await serveSandbox(
      protocolScript([
        repl(`print('key is ${canary}')`, `I was told the key ${canary}.`),
        `FINAL(the key is ${canary})`,
      ]),
      onTestFinished,
    );

    const result = await ask(['--stream-json', 'q'], {
      stdin: 'context',
      env: { OPENAI_API_KEY: canary },
    });

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ type: 'result', answer: 'the key is [redacted]' });
    expect(result.stdout).not.toContain(canary);
    expect(result.stderr).not.toContain(canary);
    const logs = sandbox.logFiles();
    expect(logs).toHaveLength(1);
    const log = readFileSync(logs[0] ?? '', 'utf8');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(canary);
  });
});

describe.concurrent('rlm ask --replay: the shipped demo', () => {
  it('replays fixtures/demo/run.jsonl with no key and no server', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);

    const result = await runRlm(sandbox, ['ask', '--replay', DEMO_LOG, '--context', DEMO_CONTEXT, DEMO_QUESTION]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('v418');
    expect(result.stdout).toMatch(/Failed checkout requests \(\d+\): [0-9a-f]{8}/);
    expect(result.stderr).toContain('▸ turn 4/30');
    expect(result.stderr).toMatch(/✓ final after/);
  });

  it('a changed question diverges from the recording: exit 2', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);

    const result = await runRlm(sandbox, [
      'ask',
      '--replay',
      DEMO_LOG,
      '--context',
      DEMO_CONTEXT,
      'What caused the outage?',
    ]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Replay diverged at model call #1');
    expect(result.stderr).toContain('What caused the outage?');
  });

  it('a file that is not a trajectory log is refused: exit 2', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('not-a-log.jsonl', 'hello\n');

    const result = await runRlm(sandbox, [
      'ask',
      '--replay',
      'not-a-log.jsonl',
      '--context',
      DEMO_CONTEXT,
      DEMO_QUESTION,
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--replay not-a-log.jsonl: not an rlm trajectory log');
  });
});

describe.concurrent('rlm --version and --help', () => {
  it('--version prints the package version', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const result = await runRlm(sandbox, ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${PACKAGE_VERSION}\n`);
    expect(result.stderr).toBe('');
  });

  it('ask --help shows examples and the exit codes', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const result = await runRlm(sandbox, ['ask', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: rlm ask [options] [question...]');
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('$ rlm ask --context ./repo "where is the retry policy configured?"');
    expect(result.stdout).toContain('--max-context-bytes <size>');
    expect(result.stdout).toContain('Exit codes:');
    for (const code of ['0 ', '1 ', '2 ', '3 ', '4 ', '5 ', '130 ']) expect(result.stdout).toContain(`\n  ${code}`);
    expect(result.stderr).toBe('');
  });
});
