/* oxlint-disable no-control-regex -- these tests look for raw control characters */
// Issue 13 "Secrets" and "Terminal safety", through the real CLI against the local scripted server: escape sequences
// from a model, a cell, a sub-call, an error or a file name never reach a terminal raw (plain progress, the -q
// answer, piped `rlm view`, `rlm runs`, the skipped-file line); JSON keeps the data, escaped; a key a hostile server
// echoes is redacted even when split across streamed deltas; credentials in a base URL are a usage error.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import {
  assertBuilt,
  sandboxForTest,
  serveSandbox,
  protocolScript,
  repl,
  runRlm,
  SEVERAL_RUNS_TIMEOUT_MS,
} from './helpers.ts';

beforeAll(assertBuilt);

const OSC_TITLE = '\u001B]0;pwned-title\u0007';
const OSC_CLIPBOARD = '\u001B]52;c;ZWNobyBwd25lZA==\u0007';
/** Any raw control character a terminal could act on (tab, newline and carriage return excepted). */
const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A model that puts hostile sequences everywhere: prose, code, printed output, an error, a sub-call, the answer. */
const hostileScript = () =>
  protocolScript(
    [
      repl(
        [
          `// look ${OSC_TITLE}`,
          `print('out ' + String.fromCharCode(27) + ']52;c;ZWNobyBwd25lZA==' + String.fromCharCode(7));`,
          `const sub = await llm_query('anything');`,
          `print(sub);`,
          `throw new Error('bad ' + String.fromCharCode(27) + ']0;pwned-title' + String.fromCharCode(7));`,
        ].join('\n'),
        `Plan ${OSC_CLIPBOARD} first.`,
      ),
      `FINAL(done ${OSC_TITLE} ${OSC_CLIPBOARD})`,
    ],
    () => ({ text: `sub says ${OSC_CLIPBOARD}` }),
  );

describe.concurrent('rlm: no escape sequence from a model, a file or a log reaches a terminal raw', () => {
  it(
    'plain progress, the answer, -q, piped rlm view and rlm runs are neutralised; --json keeps the data escaped',
    async ({ expect, onTestFinished }) => {
      const { sandbox, ask } = await serveSandbox(hostileScript(), onTestFinished);
      const question = `what now ${OSC_TITLE}`;

      const plain = await ask([question], { stdin: 'context' });
      expect(plain.code, plain.stderr).toBe(0);
      // Every hostile piece was printed (made visible), none raw.
      expect(plain.stderr).toContain('␛]0;pwned-title␇');
      expect(plain.stderr).toContain('bad ␛]0;pwned-title␇');
      expect(plain.stderr).not.toMatch(RAW_CONTROL);
      expect(plain.stdout).toBe('done ␛]0;pwned-title␇ ␛]52;c;ZWNobyBwd25lZA==␇\n');

      const quiet = await ask(['-q', question], { stdin: 'context' });
      expect(quiet.code, quiet.stderr).toBe(0);
      expect(quiet.stdout).toBe('done ␛]0;pwned-title␇ ␛]52;c;ZWNobyBwd25lZA==␇\n');
      expect(quiet.stdout + quiet.stderr).not.toMatch(RAW_CONTROL);

      const json = await ask(['--json', question], { stdin: 'context' });
      expect(json.code, json.stderr).toBe(0);
      expect(json.stdout).not.toMatch(RAW_CONTROL);
      expect((JSON.parse(json.stdout) as { answer: string }).answer).toBe(`done ${OSC_TITLE} ${OSC_CLIPBOARD}`);

      const stream = await ask(['--stream-json', question], {
        stdin: 'context',
      });
      expect(stream.code, stream.stderr).toBe(0);
      expect(stream.stdout).not.toMatch(RAW_CONTROL);
      expect(stream.stdout).toContain('\\u001b]52;c;');

      const view = await runRlm(sandbox, ['view', 'last']);
      expect(view.code, view.stderr).toBe(0);
      expect(view.stdout).toContain('␛]0;pwned-title␇');
      expect(view.stdout + view.stderr).not.toMatch(RAW_CONTROL);

      const runs = await runRlm(sandbox, ['runs']);
      expect(runs.code, runs.stderr).toBe(0);
      expect(runs.stdout).toContain('what now ␛]0;pwned-title␇');
      expect(runs.stdout).not.toMatch(RAW_CONTROL);
      const runsJson = await runRlm(sandbox, ['runs', '--json']);
      expect(runsJson.stdout).not.toMatch(RAW_CONTROL);
      expect(JSON.parse(runsJson.stdout.split('\n')[0] ?? '')).toMatchObject({ question });

      const exported = await runRlm(sandbox, ['view', 'last', '--export', 'official']);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).not.toMatch(RAW_CONTROL);
      expect(exported.stdout).toContain('\\u001b]0;pwned-title\\u0007');
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it('a hostile file name in the skipped-files line is neutralised', async ({ expect, onTestFinished }) => {
    const { sandbox, ask } = await serveSandbox(protocolScript(['FINAL(ok)']), onTestFinished);
    sandbox.write('data/notes.txt', 'some text');
    sandbox.write(`data/evil${OSC_TITLE}.bin`, Buffer.from([0, 1, 2, 3, 0, 0, 255, 0]));

    const result = await ask(['-c', 'data', 'q']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('skipped data/evil␛]0;pwned-title␇.bin');
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe.concurrent('rlm: secrets never leak', () => {
  const canary = `sk-test-canary-${Math.random().toString(36).slice(2)}${Date.now()}`;

  it('a key echoed across streamed deltas cannot be put back together from --stream-json', async ({
    expect,
    onTestFinished,
  }) => {
    const prose = `I was told the key ${canary} by the server.`;
    const reply = repl(`print('done')`, prose);
    // The key arrives in three deltas: any per-delta redaction would show its pieces.
    const at = reply.indexOf(canary);
    const chunks = [
      reply.slice(0, at + 5),
      reply.slice(at + 5, at + 14),
      reply.slice(at + 14, at + canary.length - 3),
      reply.slice(at + canary.length - 3),
    ];
    const { server, sandbox, ask } = await serveSandbox(
      protocolScript([{ text: reply, chunks }, 'FINAL(fine)']),
      onTestFinished,
    );

    const result = await ask(['--stream-json', 'q'], {
      stdin: 'context',
      env: { OPENAI_API_KEY: canary },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${canary}`);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; callId?: string; text?: string });
    const firstCall = events.find((event) => event.type === 'llm_call_start')?.callId;
    const deltas = events.filter((event) => event.type === 'llm_call_delta' && event.callId === firstCall);
    expect(deltas.length).toBeGreaterThan(1);
    const streamed = deltas.map((event) => event.text).join('');
    expect(streamed).toContain('I was told the key [redacted] by the server.');
    for (const piece of [canary, canary.slice(5, 14), canary.slice(14, -3)]) {
      expect(result.stdout).not.toContain(piece);
      expect(streamed).not.toContain(piece);
    }
    expect(readFileSync(sandbox.logFiles()[0] ?? '', 'utf8')).not.toContain(canary);
  });

  it(
    'credentials in --base-url are a usage error (exit 2) that never echoes them, in text or --json',
    async ({ expect, onTestFinished }) => {
      const { server, sandbox } = await serveSandbox(protocolScript(['FINAL(ok)']), onTestFinished);
      const port = new URL(server.baseURL).port;
      const password = 'hunter2-passw0rd-xyz';
      const queryKey = 'qk-0123456789abcdef';
      for (const url of [
        `http://alice:${password}@127.0.0.1:${port}/v1?api_key=${queryKey}`,
        `http://127.0.0.1:${port}/v1?api_key=${queryKey}`,
      ]) {
        for (const extra of [[], ['--json']]) {
          const result = await runRlm(sandbox, ['ask', '--base-url', url, '-m', 'root-model', ...extra, 'q'], {
            stdin: 'context',
          });
          expect(result.code, result.stderr).toBe(2);
          expect(result.stderr).toMatch(/rlm: --base-url (carries credentials|has a query string) \(http:\/\//);
          expect(result.stderr).toContain('[redacted]');
          for (const secret of [password, queryKey]) expect(result.stdout + result.stderr).not.toContain(secret);
        }
      }
      expect(server.requests).toHaveLength(0);
      expect(sandbox.logFiles()).toHaveLength(0);
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it('credentials in OPENAI_BASE_URL are refused the same way', async ({ expect, onTestFinished }) => {
    const sandbox = await sandboxForTest(onTestFinished);
    const password = 'env-passw0rd-987654';
    const result = await runRlm(sandbox, ['ask', '-m', 'root-model', 'q'], {
      stdin: 'context',
      env: { OPENAI_BASE_URL: `http://bob:${password}@127.0.0.1:9/v1` },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('base URL carries credentials (http://[redacted]@127.0.0.1:9/v1)');
    expect(result.stderr).not.toContain(password);
  });
});
