// A log with wrong field types (hand-edited, corrupted, from another tool) used to crash `rlm view` (React error
// #31 in the inspector, a TypeError in the piped summary), the markdown export and --replay with internal errors.
// Every reader now skips such lines and names them on stderr.
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { brokenDemoLog, DEMO_DIR } from '../support/bad-log.ts';
import { assertBuilt, makeSandbox, runRlm } from './helpers.ts';

beforeAll(assertBuilt);

const QUESTION = 'What caused the checkout failures, and which request ids failed?';

async function withBrokenLog(onTestFinished: (cleanup: () => Promise<void>) => void) {
  const sandbox = await makeSandbox();
  onTestFinished(() => sandbox.cleanup());
  const { text, broken } = brokenDemoLog();
  return { sandbox, file: sandbox.write('broken.jsonl', text), broken };
}

/** Every broken line is named as `file:line: skipped: reason`. */
function expectNotes(expect: (value: unknown) => any, stderr: string, file: string, broken: number[]) {
  expect(broken).toHaveLength(5);
  for (const line of broken) expect(stderr).toContain(`note: ${file}:${line}: skipped: `);
  expect(stderr).toContain('final.answer: Invalid input: expected string, received object');
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe.concurrent('a log with wrong field types', () => {
  it('rlm view | cat prints the summary of what is readable and names the skipped lines', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, file, broken } = await withBrokenLog(onTestFinished);
    const result = await runRlm(sandbox, ['view', file]);
    expect(result.code).toBe(0);
    expectNotes(expect, result.stderr, file, broken);
    expect(result.stdout).toContain(`question: ${QUESTION}`);
    expect(result.stdout.match(/^turn +\d/gm)).toHaveLength(4);
  });

  it('--export markdown writes the report', async ({ expect, onTestFinished }) => {
    const { sandbox, file, broken } = await withBrokenLog(onTestFinished);
    const result = await runRlm(sandbox, ['view', file, '--export', 'markdown']);
    expect(result.code).toBe(0);
    expectNotes(expect, result.stderr, file, broken);
    expect(result.stdout.startsWith(`# ${QUESTION}`)).toBe(true);
    expect(result.stdout.match(/^## Turn \d+$/gm)).toHaveLength(4);
  });

  it('--export official writes the visualizer lines', async ({ expect, onTestFinished }) => {
    const { sandbox, file, broken } = await withBrokenLog(onTestFinished);
    const result = await runRlm(sandbox, ['view', file, '--export', 'official']);
    expect(result.code).toBe(0);
    expectNotes(expect, result.stderr, file, broken);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((line) => line.type)).toEqual(['metadata', 'iteration', 'iteration', 'iteration', 'iteration']);
  });

  it('ask --replay replays what it can and names the skipped lines instead of failing inside', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, file, broken } = await withBrokenLog(onTestFinished);
    const result = await runRlm(sandbox, [
      'ask',
      '--replay',
      file,
      '--context',
      path.join(DEMO_DIR, 'service.log'),
      QUESTION,
    ]);
    expectNotes(expect, result.stderr, file, broken);
    // The first root reply was skipped, so the replay cannot follow the recording: a divergence, not a crash.
    expect(result.stderr).toContain('replay_divergence');
    expect(result.code).toBe(2);
  });
});
