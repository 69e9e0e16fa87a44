// Configuration layering end to end, observed as the model id the scripted server receives:
// user file < project `.rlm.json` (cwd or a parent, up to the git root) < environment < flags.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import type { TestServer } from '../support/openai-test-server.ts';
import {
  assertBuilt,
  SEVERAL_RUNS_TIMEOUT_MS,
  makeSandbox,
  protocolScript,
  repl,
  runRlm,
  serve,
  type Sandbox,
  type SpawnOptions,
} from './helpers.ts';

beforeAll(assertBuilt);

const script = protocolScript([repl('print(context.length)'), 'FINAL(done)']);

/** A sandbox whose user config sets the model and points at the server (so no flag is needed). */
async function layered(server: TestServer, onFinished: (fn: () => Promise<void>) => void): Promise<Sandbox> {
  const sandbox = await makeSandbox();
  onFinished(() => sandbox.cleanup());
  sandbox.userConfig({ model: 'user-model', baseUrl: server.baseURL });
  return sandbox;
}

/** Runs `rlm ask` and returns the distinct model ids the server was asked for. */
async function modelsUsed(server: TestServer, sandbox: Sandbox, args: string[], options: SpawnOptions = {}) {
  const before = server.requests.length;
  const result = await runRlm(sandbox, ['ask', ...args, 'which model?'], { stdin: 'context', ...options });
  return { result, models: [...new Set(server.requests.slice(before).map((request) => request.model))] };
}

describe.concurrent('rlm ask: configuration layering', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('the user config file sets the model and base URL; a .rlm.json above the git root does not apply', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await serve(script, onTestFinished);
    const sandbox = await layered(server, onTestFinished);
    // Above the repository (the sandbox cwd holds .git): the search for a project file stops before it.
    writeFileSync(path.join(sandbox.base, '.rlm.json'), JSON.stringify({ model: 'outside-repo-model' }));
    const { result, models } = await modelsUsed(server, sandbox, []);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('done\n');
    expect(models).toEqual(['user-model']);
  });

  it('a project .rlm.json overrides the user file, found in the working directory or a parent', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await serve(script, onTestFinished);
    const sandbox = await layered(server, onTestFinished);
    sandbox.write('.rlm.json', JSON.stringify({ model: 'project-model' }));
    const inRoot = await modelsUsed(server, sandbox, []);
    expect(inRoot.result.code).toBe(0);
    expect(inRoot.models).toEqual(['project-model']);

    const nested = path.join(sandbox.cwd, 'packages', 'api');
    mkdirSync(nested, { recursive: true });
    const inChild = await modelsUsed(server, sandbox, [], { cwd: nested });
    expect(inChild.result.code).toBe(0);
    expect(inChild.models).toEqual(['project-model']);
  });

  it('RLM_MODEL overrides the files, and -m overrides RLM_MODEL; RLM_SUB_MODEL sets the sub-model', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await serve(protocolScript([repl("print(await llm_query('hi'))"), 'FINAL(done)']), onTestFinished);
    const sandbox = await layered(server, onTestFinished);
    sandbox.write('.rlm.json', JSON.stringify({ model: 'project-model', subModel: 'project-sub' }));

    const fromEnv = await modelsUsed(server, sandbox, [], {
      env: { RLM_MODEL: 'env-model', RLM_SUB_MODEL: 'env-sub' },
    });
    expect(fromEnv.result.code).toBe(0);
    expect(fromEnv.models).toEqual(['env-model', 'env-sub']);

    const fromFlags = await modelsUsed(server, sandbox, ['-m', 'flag-model', '--sub-model', 'flag-sub'], {
      env: { RLM_MODEL: 'env-model', RLM_SUB_MODEL: 'env-sub' },
    });
    expect(fromFlags.result.code).toBe(0);
    expect(fromFlags.models).toEqual(['flag-model', 'flag-sub']);
  });

  it('--base-url overrides RLM_BASE_URL, which overrides the files', async ({ expect, onTestFinished }) => {
    const server = await serve(script, onTestFinished);
    const other = await serve(script, onTestFinished);
    const sandbox = await layered(other, onTestFinished);

    const fromEnv = await modelsUsed(server, sandbox, [], { env: { RLM_BASE_URL: server.baseURL } });
    expect(fromEnv.result.code).toBe(0);
    expect(fromEnv.models).toEqual(['user-model']);
    expect(other.requests).toHaveLength(0);

    const fromFlag = await modelsUsed(other, sandbox, ['--base-url', other.baseURL], {
      env: { RLM_BASE_URL: server.baseURL },
    });
    expect(fromFlag.result.code).toBe(0);
    expect(fromFlag.models).toEqual(['user-model']);
  });

  it('an empty environment variable counts as unset', async ({ expect, onTestFinished }) => {
    const server = await serve(script, onTestFinished);
    const sandbox = await layered(server, onTestFinished);
    sandbox.write('.rlm.json', JSON.stringify({ model: 'project-model' }));
    const { result, models } = await modelsUsed(server, sandbox, [], {
      env: { RLM_MODEL: '', RLM_SUB_MODEL: ' ', RLM_BASE_URL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' },
    });
    expect(result.stderr).not.toContain('rlm:');
    expect(result.code).toBe(0);
    expect(models).toEqual(['project-model']);
  });

  it('limits from a config file apply: the turn limit stops a run without an answer (exit 5)', async ({
    expect,
    onTestFinished,
  }) => {
    // The root never finishes and gives nothing when asked for a last answer.
    const server = await serve(
      (request) => ({
        text: request.messages.at(-1)?.content.includes('You have used all your turns') ? '' : repl('print(1)'),
      }),
      onTestFinished,
    );
    const sandbox = await layered(server, onTestFinished);
    sandbox.write('.rlm.json', JSON.stringify({ maxIterations: 2 }));

    const { result } = await modelsUsed(server, sandbox, ['--json']);
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout)).toMatchObject({ stopReason: 'max_iterations', iterations: 2, answer: null });
    // Two turns, then one last-chance call for an answer.
    expect(server.requests).toHaveLength(3);
  });
});
