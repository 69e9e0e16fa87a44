// `rlm models`: the model registry as a user reads it, with config overrides and where each figure came from.
import { beforeAll, describe, it } from 'vitest';
import { assertBuilt, makeSandbox, runRlm } from './helpers.ts';

beforeAll(assertBuilt);

describe.concurrent('rlm models', () => {
  it('lists every known model with provider, window, the three prices and their source', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    const result = await runRlm(sandbox, ['models']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^provider\s+model\s+window\s+input\s+cached\s+output\s+window from\s+price from$/);
    expect(lines.find((line) => /^openai\s+gpt-5-mini\s/.test(line))).toMatch(
      /272k\s+\$0\.25\s+\$0\.025\s+\$2\s+built-in\s+built-in$/,
    );
    expect(lines.find((line) => /^anthropic\s+claude-sonnet-4-5\s/.test(line))).toMatch(/200k\s+\$3\s+\$0\.3\s+\$15\s/);
    expect(lines.find((line) => /^google\s+gemini-2\.5-pro\s/.test(line))).toMatch(/1\.05M\s+\$1\.25\s/);
    expect(result.stdout).toContain('Prices in USD per million tokens');
  });

  it('config overrides and additions show as "config"; --json gives every figure with its source', async ({
    expect,
    onTestFinished,
  }) => {
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    sandbox.userConfig({
      prices: { 'gpt-5-mini': { input: 0.2, cachedInput: 0.02, output: 1.5 }, 'local-llama': { input: 0, output: 0 } },
      contextWindows: { 'local-llama': 32_000 },
    });
    const text = await runRlm(sandbox, ['models']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').find((line) => /\sgpt-5-mini\s/.test(line))).toMatch(
      /\$0\.2\s+\$0\.02\s+\$1\.5\s+built-in\s+config$/,
    );
    expect(text.stdout.split('\n').find((line) => /\slocal-llama\s/.test(line))).toMatch(/32k\s.*config\s+config$/);

    const json = await runRlm(sandbox, ['models', '--json', 'gpt-5-mini-2025-08-07', 'mystery-model']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        provider: 'openai',
        model: 'gpt-5-mini-2025-08-07',
        contextWindow: 272_000,
        price: { input: 0.2, cachedInput: 0.02, output: 1.5 },
        source: { contextWindow: { from: 'builtin', key: 'gpt-5-mini' }, price: { from: 'config', key: 'gpt-5-mini' } },
      },
      {
        provider: 'openai',
        model: 'mystery-model',
        contextWindow: 128_000,
        price: null,
        source: { contextWindow: { from: 'default' }, price: { from: 'unknown' } },
      },
    ]);
  });
});
