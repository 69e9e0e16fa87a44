// Every provider of the registry, end to end: the real CLI reads the provider's key and endpoint from the
// environment variables the registry names, speaks the provider's own wire format to the scripted server over
// HTTP, and a hostile server echoing the key back finds it redacted everywhere it could surface.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { PROVIDERS, type ProviderSpec } from '../../src/engine/index.ts';
import type { ScriptedRequest } from '../support/openai-test-server.ts';
import { assertBuilt, makeSandbox, protocolScript, repl, runRlm, serve } from './helpers.ts';

beforeAll(assertBuilt);

/** Where each wire format carries the key. */
function sentKey(request: ScriptedRequest | undefined, spec: ProviderSpec): unknown {
  const headers = request?.headers ?? {};
  if (spec.wire === 'anthropic') return headers['x-api-key'];
  if (spec.wire === 'google') return headers['x-goog-api-key'];
  return headers.authorization?.toString().replace(/^Bearer /, '');
}

const cases = PROVIDERS.flatMap((spec) => spec.apiKeyEnv.map((keyEnv) => ({ spec, keyEnv })));

describe.concurrent('each provider over HTTP, with its key from the environment', () => {
  it.for(cases)('$spec.id with $keyEnv and $spec.baseUrlEnv', async ({ spec, keyEnv }, { expect, onTestFinished }) => {
    const canary = `key-${keyEnv.toLowerCase()}-${Math.random().toString(36).slice(2)}`;
    const server = await serve(
      protocolScript([
        repl(`print(context.toUpperCase() + ' ${canary}')`, `Echoing ${canary} in prose.`),
        `FINAL(the key was ${canary})`,
      ]),
      onTestFinished,
    );
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());

    const model = `${spec.prefix}:${spec.exampleModel.replace(/^[a-z]+:/, '')}`;
    const result = await runRlm(sandbox, ['ask', '-m', model, '--stream-json', 'what is it?'], {
      stdin: 'some context',
      env: { [keyEnv]: canary, [spec.baseUrlEnv]: server.baseURL },
    });

    expect(result.stderr).not.toContain('rlm:');
    expect(result.code).toBe(0);
    expect(server.requests.map((request) => request.api)).toEqual([spec.wire, spec.wire]);
    expect(server.requests[0]?.model).toBe(model.slice(spec.prefix.length + 1));
    // The key really travelled, in this provider's header, so redaction is what keeps it out of the output.
    expect(sentKey(server.requests[0], spec)).toBe(canary);
    expect(server.requests[1]?.messages.at(-1)?.content).toContain('SOME CONTEXT');
    const last = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as { type: string; answer: string };
    expect(last).toMatchObject({ type: 'result', answer: 'the key was [redacted]' });
    expect(result.stdout).toContain('[redacted]');
    for (const text of [result.stdout, result.stderr, ...sandbox.logFiles().map((file) => readFileSync(file, 'utf8'))])
      expect(text).not.toContain(canary);
  });

  it('a provider endpoint from the config file (a gateway), overridden by its environment variable', async ({
    expect,
    onTestFinished,
  }) => {
    const script = protocolScript([repl('print(1)'), 'FINAL(ok)']);
    const fromFile = await serve(script, onTestFinished);
    const fromEnv = await serve(script, onTestFinished);
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    sandbox.userConfig({ model: 'anthropic:claude-haiku-4-5', baseUrls: { anthropic: fromFile.baseURL } });
    const env = { ANTHROPIC_API_KEY: 'test-key-anthropic' };
    const first = await runRlm(sandbox, ['ask', 'q'], { stdin: 'ctx', env });
    expect(first.code).toBe(0);
    expect(fromFile.requests.map((request) => request.api)).toEqual(['anthropic', 'anthropic']);
    const second = await runRlm(sandbox, ['ask', 'q'], {
      stdin: 'ctx',
      env: { ...env, ANTHROPIC_BASE_URL: fromEnv.baseURL },
    });
    expect(second.code).toBe(0);
    expect(fromEnv.requests).toHaveLength(2);
    expect(fromFile.requests).toHaveLength(2);
  });

  it.for(PROVIDERS.filter((spec) => spec.keyRequired))(
    '$id without a key: exit 3 naming $apiKeyEnv',
    async (spec, { expect, onTestFinished }) => {
      const sandbox = await makeSandbox();
      onTestFinished(() => sandbox.cleanup());
      const result = await runRlm(sandbox, ['ask', '-m', spec.exampleModel, 'q'], { stdin: 'open' });
      expect(result.stderr).toContain(`needs ${spec.apiKeyEnv.join(' or ')}, which is not set.`);
      expect(result.code).toBe(3);
    },
  );
});
