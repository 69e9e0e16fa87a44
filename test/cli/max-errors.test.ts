// `--max-errors`: consecutive turns in which every cell failed stop the run with stopReason max_errors.
import { beforeAll, describe, it } from 'vitest';
import { assertBuilt, isRootRequest, makeSandbox, repl, runRlm, serve, serverArgs } from './helpers.ts';

beforeAll(assertBuilt);

describe.concurrent('rlm ask --max-errors', () => {
  it('stops after n failing turns, asks once for the best answer, and reports max_errors in --json', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await serve((request) => {
      if (!isRootRequest(request)) return { text: 'sub' };
      const last = request.messages.at(-1)?.content ?? '';
      return { text: last.includes('too many turns in a row') ? 'FINAL(best effort)' : repl('missing.call()') };
    }, onTestFinished);
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());

    const result = await runRlm(sandbox, ['ask', ...serverArgs(server), '--max-errors', '2', '--json', 'q?'], {
      stdin: 'ctx',
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { stopReason: string; answer: string; iterations: number };
    expect(json).toMatchObject({ stopReason: 'max_errors', answer: 'best effort', iterations: 2 });
  });

  it('without an answer it exits 5, like any limit', async ({ expect, onTestFinished }) => {
    const server = await serve(
      (request) => ({
        text:
          isRootRequest(request) && !request.messages.at(-1)?.content.includes('in a row')
            ? repl('missing.call()')
            : '',
      }),
      onTestFinished,
    );
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    const result = await runRlm(sandbox, ['ask', ...serverArgs(server), '--max-errors', '1', '--json', 'q?'], {
      stdin: 'ctx',
    });
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout)).toMatchObject({ stopReason: 'max_errors', answer: null });
  });

  it('refuses --max-errors 0', async ({ expect, onTestFinished }) => {
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    const result = await runRlm(sandbox, ['ask', '-m', 'x', '--max-errors', '0', 'q?'], { stdin: 'ctx' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-errors');
  });
});
