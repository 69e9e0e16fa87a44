// Machine-readable output end to end: `--json`, `--stream-json`, and `--estimate` (which must call no model).
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import type { Script, ScriptedRequest } from '../support/openai-test-server.ts';
import {
  assertBuilt,
  JSON_RESULT_KEYS,
  JSON_USAGE_KEYS,
  sandboxForTest,
  serveSandbox,
  protocolScript,
  repl,
  ROOT_MODEL,
  runRlm,
  SUB_MODEL,
  type OnFinished,
  type ServedSandbox,
} from './helpers.ts';

beforeAll(assertBuilt);

// Root: 2 calls × (1000 in of which 200 cached, 100 out); sub: 1 call × (50 in, 5 out).
const PRICES = { [ROOT_MODEL]: { input: 2, cachedInput: 1, output: 10 }, [SUB_MODEL]: { input: 1, output: 4 } };
const EXPECTED_COST = (2 * (800 * 2 + 200 * 1 + 100 * 10) + (50 * 1 + 5 * 4)) / 1e6;

const subCallScript = protocolScript(
  [
    {
      text: repl("const summary = await llm_query('Summarise: ' + context);\nprint('SUB SAID', summary);"),
      usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 200 },
    },
    {
      text: 'FINAL(The log shows one deploy.)',
      usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 200 },
    },
  ],
  (request: ScriptedRequest) => ({
    text: `one deploy (${request.messages.at(-1)?.content.length} chars read)`,
    usage: { inputTokens: 50, outputTokens: 5 },
  }),
);

/** `serveSandbox` with PRICES in the user's config. */
async function servePriced(script: Script, onFinished: OnFinished): Promise<ServedSandbox> {
  const served = await serveSandbox(script, onFinished);
  served.sandbox.userConfig({ prices: PRICES });
  return served;
}

describe.concurrent('rlm ask: machine-readable output', () => {
  it('--json prints exactly one object with exactly the documented fields', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await servePriced(subCallScript, onTestFinished);

    const result = await ask(['--json', 'what happened?'], {
      stdin: 'deploy v2 at 10:00\n',
    });

    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '') as Record<string, unknown> & {
      usage: Record<string, unknown>;
      logFile: string;
    };
    expect(Object.keys(json).toSorted()).toEqual(JSON_RESULT_KEYS);
    expect(Object.keys(json.usage).toSorted()).toEqual(JSON_USAGE_KEYS);
    expect(json).toMatchObject({
      answer: 'The log shows one deploy.',
      stopReason: 'final',
      iterations: 2,
      subcalls: 1,
      usage: { inputTokens: 2050, outputTokens: 205, cachedInputTokens: 400 },
      error: null,
    });
    expect(json.usage.costUsd).toBeCloseTo(EXPECTED_COST, 10);
    expect(typeof json.durationMs).toBe('number');
    expect(json.durationMs).toBeGreaterThanOrEqual(0);
    // The log the result points at is the run's trajectory, in the state directory.
    expect(json.logFile.startsWith(sandbox.logDir)).toBe(true);
    const log = parseLog(readFileSync(json.logFile, 'utf8'));
    expect(log.header?.question).toBe('what happened?');
    expect(log.partial).toBe(false);
    // The sub-model read the real context; the answer alone went to stdout, progress to stderr.
    expect(server.requests.find((request) => request.model === SUB_MODEL)?.messages.at(-1)?.content).toBe(
      'Summarise: deploy v2 at 10:00\n',
    );
    expect(result.stderr).toContain('▸ turn 1/30');
  });

  it('--json on a run that fails still prints one object, with the error', async ({ expect, onTestFinished }) => {
    const { ask } = await servePriced(() => ({ status: 400, text: 'bad request' }), onTestFinished);

    const result = await ask(['--json', 'q'], { stdin: 'ctx' });

    expect(result.code).toBe(4);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(json).toSorted()).toEqual(JSON_RESULT_KEYS);
    expect(json).toMatchObject({ answer: null, stopReason: 'error', error: { code: 'provider_failed' } });
    expect(existsSync(json.logFile as string)).toBe(true);
  });

  it('--stream-json prints one JSON event per line, in order, then a result line with the --json fields', async ({
    expect,
    onTestFinished,
  }) => {
    const { ask } = await servePriced(subCallScript, onTestFinished);

    const result = await ask(['--stream-json', 'what happened?'], {
      stdin: 'deploy v2 at 10:00\n',
    });

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const events = lines.map((line, index) => {
      try {
        return JSON.parse(line) as { type: string; runId?: string; ts?: number; depth?: number };
      } catch {
        throw new Error(`stdout line ${index + 1} is not JSON: ${line}`);
      }
    });
    expect(events[0]?.type).toBe('run_start');
    const last = events.at(-1) as Record<string, unknown>;
    expect(last.type).toBe('result');
    const { type: _type, ...fields } = last;
    expect(Object.keys(fields).toSorted()).toEqual(JSON_RESULT_KEYS);
    expect(fields).toMatchObject({
      answer: 'The log shows one deploy.',
      stopReason: 'final',
      iterations: 2,
      subcalls: 1,
      error: null,
    });

    const body = events.slice(0, -1);
    expect(body.at(-1)?.type).toBe('run_end');
    expect(new Set(body.map((event) => event.runId)).size).toBe(1);
    const times = body.map((event) => event.ts ?? Number.NaN);
    expect(times).toEqual(times.toSorted((a, b) => a - b));
    const order = [
      'run_start',
      'iteration_start',
      'llm_call_start',
      'llm_call_end',
      'code_block',
      'subcall_start',
      'subcall_end',
      'repl_output',
      'final',
      'run_end',
    ];
    const positions = order.map((type) => body.findIndex((event) => event.type === type));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual(positions.toSorted((a, b) => a - b));
    // No progress lines are mixed into stdout; stderr still has the context summary.
    expect(result.stderr).toContain('context: 1 file');
  });

  it('--estimate prints size, tokens and a cost range and calls no model', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await servePriced(() => ({ text: 'FINAL(should not be asked)' }), onTestFinished);
    sandbox.write('logs/app.log', 'GET /api/orders 200 12ms\n'.repeat(400));

    const result = await ask(['-c', 'logs', '--estimate', 'how big is this?']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('context:   1 file(s), 9.8 KB, 10,000 characters');
    const tokens = /tokens: +([\d,]+) \(o200k_base\)/.exec(result.stdout);
    expect(Number(tokens?.[1]?.replaceAll(',', ''))).toBeGreaterThan(1000);
    expect(result.stdout).toContain(`models:    root ${ROOT_MODEL}, sub ${SUB_MODEL}`);
    const range = /rlm cost: +\$(\d+\.\d+) – \$(\d+\.\d+)/.exec(result.stdout);
    expect(range).not.toBeNull();
    expect(Number(range?.[1])).toBeGreaterThan(0);
    expect(Number(range?.[2])).toBeGreaterThan(Number(range?.[1]));
    expect(result.stdout).toMatch(/one call: +\$\d+\.\d+ for a single call/);
    expect(result.stdout).not.toContain('no price known');
    expect(server.requests).toHaveLength(0);
    expect(sandbox.logFiles()).toHaveLength(0);
  });

  it('--estimate needs no API key and says when a price is unknown', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    sandbox.write('notes.md', 'some notes\n');

    const result = await runRlm(sandbox, [
      'ask',
      '-m',
      'openai:gpt-5',
      '--sub-model',
      'openai:mystery-model',
      '-c',
      'notes.md',
      '--estimate',
      'q',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('models:    root openai:gpt-5, sub openai:mystery-model');
    expect(result.stdout).toContain('rlm cost:  cost unknown – cost unknown');
    expect(result.stdout).toContain('no price known for openai:mystery-model; add it under "prices" in your config');
  });
});
