// Bad input and failing runs end to end: every documented exit code with the message a user sees for it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { sequence } from '../support/openai-test-server.ts';
import {
  assertBuilt,
  SEVERAL_RUNS_TIMEOUT_MS,
  JSON_RESULT_KEYS,
  sandboxForTest,
  serveSandbox,
  protocolScript,
  repl,
  runRlm,
  waitFor,
} from './helpers.ts';

beforeAll(assertBuilt);

describe.concurrent('rlm ask: a provider that keeps failing', () => {
  // Retries come from the config file's "retry" setting: two quick ones keep the test short.
  it('a provider that keeps failing (HTTP 500): exit 4 after the retries', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await serveSandbox(
      () => ({ status: 500, text: 'upstream overloaded' }),
      onTestFinished,
    );
    sandbox.userConfig({ retry: { maxRetries: 2, initialDelayMs: 50, maxDelayMs: 200 } });
    const result = await ask(['--max-iterations', '1', 'q'], {
      stdin: 'some context',
    });
    expect(result.stderr).toMatch(/↻ retry 1 in/);
    const retries = Number(/upstream overloaded \(after (\d+) retries\)/.exec(result.stderr)?.[1]);
    expect(retries).toBe(2);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(retries + 1);
  });
});

describe.concurrent('rlm ask: a provider that cannot or does not answer', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('a bad port (--base-url http://127.0.0.1:9/v1): exit 4 at once, no retries', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const result = await runRlm(sandbox, ['ask', '--base-url', 'http://127.0.0.1:9/v1', '-m', 'm', 'q'], {
      stdin: 'some context',
    });
    expect(result.stderr).toContain('bad port');
    expect(result.stderr).not.toMatch(/retry|retries/);
    expect(result.code).toBe(4);
  });

  it('a server that never answers: --call-timeout ends each attempt, one retry, exit 4', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(() => ({ hang: true }), onTestFinished);
    sandbox.userConfig({ retry: { maxRetries: 4, initialDelayMs: 50, maxDelayMs: 200 } });
    const result = await ask(['--call-timeout', '0.5', 'q'], {
      stdin: 'some context',
    });
    expect(result.stderr).toContain('took longer than 500 ms (the per-call timeout) (after 1 retry)');
    expect(result.code).toBe(4);
    // Not a request count: under load the first attempt's clock may run out before its request leaves the process.
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('callTimeoutSeconds and firstByteTimeoutSeconds from the config file: a stream that never starts', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(
      () => ({ text: 'never sent', stallAfterHeaders: true }),
      onTestFinished,
    );
    sandbox.userConfig({ callTimeoutSeconds: 100, firstByteTimeoutSeconds: 0.5 });
    const result = await ask(['q'], { stdin: 'some context' });
    expect(result.stderr).toContain(
      'sent nothing for 500 ms after the request (the first-byte timeout) (after 1 retry)',
    );
    expect(result.code).toBe(4);
    // Not a request count: under load the first attempt's clock may run out before its request leaves the process.
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
  });
});

describe.concurrent('rlm ask: usage and input errors exit 2', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('an unknown flag', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const result = await runRlm(sandbox, ['ask', '--bogus-flag', '-m', 'm', 'q']);
    expect(result.stderr).toContain("unknown option '--bogus-flag'");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('an invalid flag value', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const result = await runRlm(sandbox, ['ask', '--max-iterations', 'lots', '-m', 'm', 'q']);
    expect(result.stderr).toContain('expected a whole number ≥ 1, got "lots"');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('a missing question', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('data.txt', 'data');
    const result = await runRlm(sandbox, ['ask', '--base-url', 'http://127.0.0.1:9/v1', '-m', 'm', '-c', 'data.txt']);
    expect(result.stderr).toContain('Missing question');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('no context: no --context and stdin empty', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(() => ({ text: 'FINAL(no)' }), onTestFinished);
    const result = await ask(['what is in it?'], { stdin: '' });
    expect(result.stderr).toContain('No context: stdin was empty');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(0);
  });

  it('an unreadable path, and a glob that matches nothing', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(() => ({ text: 'FINAL(no)' }), onTestFinished);
    const missing = await ask(['-c', 'missing/file.txt', 'q']);
    expect(missing.stderr).toContain('--context missing/file.txt: cannot read (no such file or directory)');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');

    const glob = await ask(['-c', 'src/**/*.rs', 'q']);
    expect(glob.stderr).toContain('--context src/**/*.rs: the glob matched no files');
    expect(glob.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });

  it('an invalid user config file: the message names the file and the key', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('data.txt', 'data');

    const file = sandbox.userConfig({ maxIterations: 'x' });
    const badType = await runRlm(sandbox, ['ask', '-c', 'data.txt', 'q']);
    expect(badType.stderr).toContain(`Invalid config file ${file}`);
    expect(badType.stderr).toContain('key "maxIterations"');
    expect(badType.code).toBe(2);
    expect(badType.stdout).toBe('');

    sandbox.userConfig({ model: 'm', maxIteratons: 3 });
    const unknownKey = await runRlm(sandbox, ['ask', '-c', 'data.txt', 'q']);
    expect(unknownKey.stderr).toContain(`Invalid config file ${file}`);
    expect(unknownKey.stderr).toContain('unknown key "maxIteratons"');
    expect(unknownKey.code).toBe(2);

    sandbox.userConfig('{ "model": "m", }');
    const badJson = await runRlm(sandbox, ['ask', '-c', 'data.txt', 'q']);
    expect(badJson.stderr).toContain(`Invalid config file ${file}`);
    expect(badJson.code).toBe(2);
  });

  it('an invalid project .rlm.json names that file', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('data.txt', 'data');
    const file = sandbox.write('.rlm.json', JSON.stringify({ prices: { 'my-model': { input: 1 } } }));
    const result = await runRlm(sandbox, ['ask', '-c', 'data.txt', 'q']);
    expect(result.stderr).toContain(`Invalid config file ${file}`);
    expect(result.stderr).toContain('key "prices.my-model.output"');
    expect(result.code).toBe(2);
  });

  it('an API key in a config file is refused, without echoing it', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('data.txt', 'data');
    const secret = 'sk-test-config-canary-0123456789';
    const file = sandbox.userConfig({ model: 'openai:gpt-5-mini', apiKey: secret });
    const result = await runRlm(sandbox, ['ask', '-c', 'data.txt', 'q']);
    expect(result.stderr).toContain(`Invalid config file ${file}`);
    expect(result.stderr).toContain('"apiKey" is a secret; set it in the environment');
    expect(result.stderr + result.stdout).not.toContain(secret);
    expect(result.code).toBe(2);
  });
});

describe.concurrent('rlm ask: model set-up and provider failures', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('no model configured: exit 3 with how to configure one, before reading the context', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    // stdin stays open: reading the context first would hang until the kill timer.
    const result = await runRlm(sandbox, ['ask', 'what failed?'], { stdin: 'open' });
    expect(result.stderr).toContain('No model configured.');
    expect(result.stderr).toContain('export OPENAI_API_KEY=');
    expect(result.stderr).toContain('--base-url');
    expect(result.stderr).toContain('RLM_MODEL');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
  });

  it('no model configured with --json: one failure object on stdout', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const result = await runRlm(sandbox, ['ask', '--json', 'what failed?'], { stdin: 'open' });
    expect(result.code).toBe(3);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(json).toSorted()).toEqual(JSON_RESULT_KEYS);
    expect(json).toMatchObject({ answer: null, stopReason: 'error', error: { code: 'no_model' } });
  });

  it('a model that needs OPENAI_API_KEY without it: exit 3, before reading the context', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('big.log', 'x'.repeat(4096));
    // Reading the context first would fail with exit 2 (over --max-context-bytes).
    const result = await runRlm(sandbox, [
      'ask',
      '-m',
      'openai:gpt-5-mini',
      '-c',
      'big.log',
      '--max-context-bytes',
      '1k',
      'q',
    ]);
    expect(result.stderr).toContain('The model "openai:gpt-5-mini" needs OPENAI_API_KEY, which is not set.');
    expect(result.stderr).toContain('--base-url');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');

    const anthropic = await runRlm(sandbox, ['ask', '-m', 'anthropic:claude-sonnet-4-5', 'q'], {
      stdin: 'open',
    });
    expect(anthropic.stderr).toContain('needs ANTHROPIC_API_KEY');
    expect(anthropic.code).toBe(3);
  });

  it('authentication failure (HTTP 401): exit 3, not retried', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(
      () => ({ status: 401, text: 'Incorrect API key provided' }),
      onTestFinished,
    );
    const result = await ask(['q'], { stdin: 'some context' });
    expect(result.stderr).toContain('Authentication failed');
    expect(result.stderr).toContain('Incorrect API key provided');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(1);
  });

  it('a non-retryable provider error (HTTP 400): exit 4 at once', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(
      () => ({ status: 400, text: 'model does not support this request' }),
      onTestFinished,
    );
    const result = await ask(['--max-iterations', '1', 'q'], {
      stdin: 'some context',
    });
    expect(result.stderr).toContain('rlm: no answer:');
    expect(result.stderr).toContain('model does not support this request');
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(1);
  });

  it('a transient 500 is retried and the run still answers', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(
      sequence([
        { status: 503, text: 'try again' },
        { text: repl('print(context.length)') },
        { text: 'FINAL(recovered)' },
      ]),
      onTestFinished,
    );
    const result = await ask(['q'], { stdin: 'some context' });
    expect(result.stderr).toMatch(/↻ retry 1 in/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('recovered\n');
    expect(server.requests).toHaveLength(3);
  });

  it('a limit that stops the run without an answer (--timeout 1 with a slow model): exit 5', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, ask } = await serveSandbox(
      // The slow reply outlasts the test: a CLI that waited for it instead of stopping at 1 s fails the test.
      protocolScript([repl('print(context.length)'), { text: 'FINAL(too late)', delayMs: 10 * 60_000 }]),
      onTestFinished,
    );
    const result = await ask(['--timeout', '1', 'q'], {
      stdin: 'some context',
    });
    expect(result.stderr).toContain('rlm: no answer:');
    expect(result.stderr).toMatch(/timeout/i);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    // If the slow request had started by the time limit, it was cancelled, not left hanging.
    await waitFor(() => server.stats.inFlight === 0, 'no request left in flight');
  });

  it('a --log path that cannot be written: exit 2, without starting the run', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await serveSandbox(
      protocolScript([{ text: repl('print(1)'), delayMs: 20_000 }, 'FINAL(x)']),
      onTestFinished,
    );
    const blocker = path.join(sandbox.cwd, 'not-a-dir');
    writeFileSync(blocker, 'a file where a directory should be');
    const result = await ask(['--log', path.join(blocker, 'run.jsonl'), 'q'], { stdin: 'ctx' });
    expect(result.stderr).toContain(`--log ${path.join(blocker, 'run.jsonl')}: cannot write`);
    expect(result.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});
