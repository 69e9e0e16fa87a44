// Messages that say what happened: one error prefix, help with examples, a cost limit that explains itself,
// a quiet mode that is quiet, and --estimate in the output the user asked for.
import { beforeAll, describe, it } from 'vitest';
import {
  assertBuilt,
  sandboxForTest,
  serveSandbox,
  protocolScript,
  repl,
  ROOT_MODEL,
  runRlm,
  SEVERAL_RUNS_TIMEOUT_MS,
  SUB_MODEL,
} from './helpers.ts';

beforeAll(assertBuilt);

describe.concurrent('every failure on stderr starts with "rlm: "', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it("commander's own errors (unknown option, bad value, unknown command) and the CLI's share the prefix", async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const cases = [
      { args: ['ask', '--bogus-flag', '-m', 'm', 'q'], says: "rlm: unknown option '--bogus-flag'" },
      { args: ['ask', '--max-iterations', 'lots', '-m', 'm', 'q'], says: 'rlm: option' },
      { args: ['frobnicate'], says: "rlm: unknown command 'frobnicate'" },
      { args: ['ask', '-m', 'm'], says: 'rlm: Missing question' },
      { args: ['view', 'no-such.jsonl'], says: 'rlm: no-such.jsonl: no such log file' },
    ];
    for (const { args, says } of cases) {
      const result = await runRlm(sandbox, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')[0], args.join(' ')).toContain(says);
      expect(result.stderr, args.join(' ')).not.toMatch(/^error:/m);
    }
  });
});

describe.concurrent('help shows examples', () => {
  it('rlm --help, rlm view --help and rlm bench --help each have an Examples section', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const [top, view, bench] = await Promise.all([
      runRlm(sandbox, ['--help']),
      runRlm(sandbox, ['view', '--help']),
      runRlm(sandbox, ['bench', '--help']),
    ]);
    for (const result of [top, view, bench]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Examples:');
    }
    expect(top.stdout).toContain('$ rlm ask -c ./repo');
    expect(top.stdout).toContain('$ rlm view last');
    expect(top.stdout).toContain('Exit codes:');
    expect(view.stdout).toContain('$ rlm view last --export markdown -o run.md');
    expect(view.stdout).toContain('Keys:');
    expect(bench.stdout).toContain('$ rlm bench --oracle');
  });
});

describe.concurrent('a cost limit without a price', () => {
  it('--max-cost with an unpriced local model names the flag and the "prices" lines to add, before any call', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(() => ({ text: 'FINAL(should not be asked)' }), onTestFinished);
    const result = await ask(['--max-cost', '0.5', 'q'], { stdin: 'ctx' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`rlm: --max-cost needs a price for ${ROOT_MODEL} and ${SUB_MODEL}`);
    expect(result.stderr).toContain(`"prices": { "${ROOT_MODEL}": { "input": 0.5, "output": 1.5 }, "${SUB_MODEL}":`);
    expect(result.stderr).toContain(`${sandbox.configHome}/rlm/config.json`);
    expect(result.stderr).not.toContain('maxCostUsd');
    expect(server.requests).toHaveLength(0);
  });

  it('a limit from the config file names the config key; the suggested lines, once added, make the run work', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, ask } = await serveSandbox(protocolScript(['FINAL(priced)']), onTestFinished);
    sandbox.userConfig({ maxCostUsd: 1 });
    const refused = await ask(['q'], { stdin: 'ctx' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`rlm: "maxCostUsd" (in your config) needs a price for ${ROOT_MODEL}`);

    const line = /"prices": (\{.*\})\n/.exec(refused.stderr)?.[1] ?? '{}';
    sandbox.userConfig({ maxCostUsd: 1, prices: JSON.parse(line) as unknown });
    const accepted = await ask(['q'], { stdin: 'ctx' });
    expect(accepted.stderr).not.toContain('needs a price');
    expect(accepted.stdout).toBe('priced\n');
    expect(accepted.code).toBe(0);
  });
});

describe.concurrent('-q and --estimate', () => {
  it('-q prints the answer on stdout and nothing at all on stderr', async ({ expect, onTestFinished }) => {
    const { sandbox, ask } = await serveSandbox(
      protocolScript([repl("const s = await llm_query('hi');\nprint(s);"), 'FINAL(quiet answer)']),
      onTestFinished,
    );
    const result = await ask(['-q', 'q'], { stdin: 'ctx' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('quiet answer\n');
    expect(result.stderr).toBe('');
    expect(sandbox.logFiles()).toHaveLength(1);
  });

  it('-q still reports a failure on stderr', async ({ expect, onTestFinished }) => {
    const { ask } = await serveSandbox(
      () => ({ status: 400, text: 'model does not support this request' }),
      onTestFinished,
    );
    const result = await ask(['-q', 'q'], { stdin: 'ctx' });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('rlm: no answer:');
    expect(result.stderr).toContain('log: ');
    expect(result.stderr).not.toContain('context:');
  });

  it('--estimate --json prints one JSON object with the estimate', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('notes.md', 'some notes\n'.repeat(100));
    sandbox.userConfig({ prices: { [ROOT_MODEL]: { input: 2, output: 10 } } });
    const result = await runRlm(sandbox, [
      'ask',
      '-m',
      ROOT_MODEL,
      '--sub-model',
      SUB_MODEL,
      '-c',
      'notes.md',
      '--estimate',
      '--json',
      'q',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(report).toMatchObject({
      context: { files: 1, bytes: 1100, chars: 1100, encoding: 'o200k_base' },
      models: { root: ROOT_MODEL, sub: SUB_MODEL },
      maxIterations: 30,
      costUsd: { low: null, high: null },
      unpriced: [SUB_MODEL],
    });
    expect((report.costUsd as { oneCall: number }).oneCall).toBeGreaterThan(0);
  });

  it('--estimate without a model says none is configured, not "replay"', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('notes.md', 'some notes\n');
    const result = await runRlm(sandbox, ['ask', '-c', 'notes.md', '--estimate', 'q']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('models:    none configured: pass -m <model>');
    expect(result.stdout).not.toContain('replay');
  });
});
