// The user's control over the root's instructions, end to end: the real CLI against the scripted server over HTTP.
import { beforeAll, describe, it } from 'vitest';
import type { ScriptedRequest } from '../support/openai-test-server.ts';
import {
  assertBuilt,
  sandboxForTest,
  serveSandbox,
  repl,
  ROOT_MODEL,
  runRlm,
  SEVERAL_RUNS_TIMEOUT_MS,
  SUB_MODEL,
  turnOf,
} from './helpers.ts';

beforeAll(assertBuilt);

const firstUser = (request: ScriptedRequest | undefined) =>
  request?.messages.find((message) => message.role === 'user')?.content ?? '';

/** The root answers at once; every request is kept for inspection. */
const answerAtOnce = () => ({ text: 'FINAL(done)' });

describe.concurrent('rlm ask: the user controls the instructions', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('--system-prompt-file replaces the prompt, keeps the REPL reference; --instructions appends', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(answerAtOnce, onTestFinished);
    sandbox.write('prompts/mine.md', 'You are the on-call assistant for the payments team.\n');
    const result = await ask(['--system-prompt-file', 'prompts/mine.md', '--instructions', 'Answer in French.', 'q'], {
      stdin: 'some context',
    });
    expect(result.code).toBe(0);
    const system = server.requests[0]?.system ?? '';
    expect(system.startsWith('You are the on-call assistant for the payments team.')).toBe(true);
    expect(system).not.toContain('Recursive Language Model');
    expect(system).toContain('## Functions in the REPL');
    expect(system).toContain('`await llm_query(prompt, { model? })`');
    expect(system.trimEnd().endsWith('## Instructions\nAnswer in French.')).toBe(true);
    // The question and the description of the data still come with the first message.
    expect(firstUser(server.requests[0])).toContain('`context` is one string of 12 characters.');
  });

  it('--instructions @file with the default prompt; --no-repl-reference sends a replacement as written', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(answerAtOnce, onTestFinished);
    sandbox.write('style.md', 'Cite file paths for every claim.\n');
    sandbox.write('bare.md', 'Only this text.');
    const appended = await ask(['--instructions', '@style.md', 'q'], {
      stdin: 'ctx',
    });
    expect(appended.code).toBe(0);
    const defaultSystem = server.requests[0]?.system ?? '';
    expect(defaultSystem).toContain('You are the root of a Recursive Language Model');
    expect(defaultSystem.trimEnd().endsWith('## Instructions\nCite file paths for every claim.')).toBe(true);

    const bare = await ask(['--system-prompt-file', 'bare.md', '--no-repl-reference', 'q'], { stdin: 'ctx' });
    expect(bare.code).toBe(0);
    expect(server.requests[1]?.system).toBe('Only this text.');
  });

  it('systemPromptFile and instructions from a config file (paths relative to that file)', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(answerAtOnce, onTestFinished);
    const configFile = sandbox.userConfig({ systemPromptFile: 'team-prompt.md', instructions: '@extra.md' });
    const { writeFileSync } = await import('node:fs');
    const { dirname, join } = await import('node:path');
    writeFileSync(join(dirname(configFile), 'team-prompt.md'), 'Team prompt from config.');
    writeFileSync(join(dirname(configFile), 'extra.md'), 'Extra from config.');
    const result = await ask(['q'], { stdin: 'ctx' });
    expect(result.code).toBe(0);
    const system = server.requests[0]?.system ?? '';
    expect(system.startsWith('Team prompt from config.')).toBe(true);
    expect(system).toContain('## Functions in the REPL');
    expect(system.trimEnd().endsWith('## Instructions\nExtra from config.')).toBe(true);
  });

  it('a missing --system-prompt-file or --instructions file: exit 2 before any request', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, ask } = await serveSandbox(answerAtOnce, onTestFinished);
    const missing = await ask(['--system-prompt-file', 'nope.md', 'q'], {
      stdin: 'ctx',
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--system-prompt-file .*nope\.md: cannot read \(ENOENT\)/);
    const missingInstructions = await ask(['--instructions', '@no.md', 'q'], {
      stdin: 'ctx',
    });
    expect(missingInstructions.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe.concurrent('rlm prompt', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('prints exactly the instructions and first message a run sends, data description included', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(answerAtOnce, onTestFinished);
    sandbox.write('docs/a.md', 'alpha');
    sandbox.write('docs/b.md', 'beta beta');
    const common = ['--max-depth', '2', '--instructions', 'Be terse.', '-c', 'docs'];
    const shown = await runRlm(sandbox, [
      'prompt',
      '--json',
      '-m',
      ROOT_MODEL,
      '--sub-model',
      SUB_MODEL,
      ...common,
      'what is in the docs?',
    ]);
    expect(shown.code).toBe(0);
    const preview = JSON.parse(shown.stdout) as {
      instructions: string;
      messages: Array<{ role: string; content: string }>;
    };
    const run = await ask([...common, 'what is in the docs?']);
    expect(run.code).toBe(0);
    const sent = server.requests[0];
    expect(preview.instructions).toBe(sent?.system);
    expect(preview.messages).toEqual(sent?.messages.filter((message) => message.role !== 'system'));
    expect(preview.messages[0]?.content).toContain('`context` is an array of 2 documents');

    const text = await runRlm(sandbox, ['prompt', ...common, 'what is in the docs?']);
    expect(text.stdout).toBe(
      `=== system ===\n${preview.instructions}\n\n=== user ===\n${preview.messages[0]?.content}\n`,
    );
  });

  it('--depth shows what a child RLM is told; a depth beyond --max-depth is a usage error', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const child = await runRlm(sandbox, ['prompt', '--max-depth', '3', '--depth', '1', 'a sub-task']);
    expect(child.code).toBe(0);
    expect(child.stdout).toContain('You are a child RLM at depth 1');
    expect(child.stdout).toContain('Starts a child RLM like you');
    expect(child.stdout).toContain('Question: a sub-task');
    expect(child.stdout).toContain('`context` is null');
    const tooDeep = await runRlm(sandbox, ['prompt', '--depth', '1', 'q']);
    expect(tooDeep.code).toBe(2);
    expect(tooDeep.stderr).toContain('--depth 1 needs --max-depth 2 or more');
  });
});

describe.concurrent('rlm ask: rlm_query_batched at the depth limits', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  const rootCell = repl(
    'const out = await rlm_query_batched(["first", "second"], { contexts: ["ctx-1", "ctx-2"] });\nFINAL(out.join(" | "))',
  );
  /** The root batches two children; a child RLM answers with its context; a plain sub-call echoes its prompt. */
  const script = (request: ScriptedRequest) => {
    if (request.model === ROOT_MODEL) return { text: turnOf(request) === 1 ? rootCell : 'FINAL(out of turns)' };
    const question = /^Question: (\w+)/.exec(firstUser(request))?.[1];
    if (question) return { text: repl(`FINAL("${question} child saw " + context)`) };
    return { text: `plain call got: ${JSON.stringify(request.messages.at(-1)?.content)}` };
  };

  it('--max-depth 2: one child RLM per prompt, over HTTP', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(script, onTestFinished);
    const result = await ask(['--max-depth', '2', '--json', 'q'], {
      stdin: 'root data',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      answer: 'first child saw ctx-1 | second child saw ctx-2',
      subcalls: 2,
    });
    // Two child RLMs, each told it is the deepest level.
    const children = server.requests.filter((request) => request.model === SUB_MODEL);
    expect(children).toHaveLength(2);
    for (const child of children) expect(child.system).toContain('you are the deepest level');
  });

  it('--max-depth 1: plain batched calls with each context appended', async ({ expect, onTestFinished }) => {
    const { server, ask } = await serveSandbox(script, onTestFinished);
    const result = await ask(['--json', 'q'], { stdin: 'root data' });
    expect(result.code).toBe(0);
    const answer = (JSON.parse(result.stdout) as { answer: string }).answer;
    expect(answer).toBe(
      'plain call got: "first\\n\\n--- context ---\\nctx-1" | plain call got: "second\\n\\n--- context ---\\nctx-2"',
    );
    const subs = server.requests.filter((request) => request.model === SUB_MODEL);
    expect(subs.map((request) => request.system)).toEqual([undefined, undefined]);
  });
});
