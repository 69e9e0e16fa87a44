// `rlm chat` with piped stdin: one question per line in one session; plain, --json and --stream-json output.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import type { ScriptedRequest } from '../support/openai-test-server.ts';
import {
  assertBuilt,
  isRootRequest,
  JSON_RESULT_KEYS,
  serveSandbox,
  repl,
  runRlm,
  SEVERAL_RUNS_TIMEOUT_MS,
} from './helpers.ts';

beforeAll(assertBuilt);

/** The question a root request is about (the last "Question: …" line of its first user message). */
function questionOf(request: ScriptedRequest): string {
  const first = request.messages.find((message) => message.role === 'user')?.content ?? '';
  return /Question: (.*)/.exec(first)?.[1] ?? '';
}

/**
 * A root model for a session: "count" defines `n` from the context and answers it, "double" answers from the `n`
 * an earlier question left in the REPL, "fail" never answers (the provider rejects it).
 */
function sessionScript(request: ScriptedRequest) {
  if (!isRootRequest(request)) return { text: 'sub' };
  const question = questionOf(request);
  if (question.startsWith('count')) return { text: repl('const n = context.split(" ").length; FINAL(n)') };
  if (question.startsWith('double')) return { text: repl('FINAL(n * 2 + " after " + history.length)') };
  if (question.startsWith('fail')) return { status: 400, text: 'rejected' };
  return { text: 'FINAL(unexpected)' };
}

describe.concurrent('rlm chat, piped', () => {
  it(
    'answers each non-empty line in order in one session, one answer per line on stdout, and writes one log',
    async ({ expect, onTestFinished }) => {
      const { sandbox, chat } = await serveSandbox(sessionScript, onTestFinished);
      sandbox.write('words.txt', 'one two three');

      const result = await chat(['-c', 'words.txt'], {
        stdin: 'count the words\n\n   \ndouble it\n',
      });

      expect(result.stderr).toContain('question 2: double it');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('3\n6 after 1\n');
      const logs = sandbox.logFiles();
      expect(logs).toHaveLength(1);
      const log = parseLog(readFileSync(logs[0] ?? '', 'utf8'));
      expect(log.header?.session).toBe(true);
      const starts = log.events.filter((event) => event.type === 'run_start');
      expect(starts.map((event) => (event.type === 'run_start' ? [event.question, event.questionIndex] : []))).toEqual([
        ['count the words', 1],
        ['double it', 2],
      ]);
      expect(new Set(starts.map((event) => (event.type === 'run_start' ? event.sessionId : ''))).size).toBe(1);
      expect(log.partial).toBe(false);

      // rlm runs lists the log as one session; rlm view's summary and exports cover every question.
      const runs = await runRlm(sandbox, ['runs']);
      expect(runs.stdout).toMatch(/session ×2 .* count the words \(\+1 more\)/);
      const runsJson = JSON.parse((await runRlm(sandbox, ['runs', '--json'])).stdout) as Record<string, unknown>;
      expect(runsJson).toMatchObject({ session: true, questions: 2, answered: 2, question: 'count the words' });
      const summary = await runRlm(sandbox, ['view', 'last']);
      expect(summary.stdout).toContain('question 1: count the words');
      expect(summary.stdout).toContain('question 2: double it');
      const markdown = await runRlm(sandbox, ['view', 'last', '--export', 'markdown']);
      expect(markdown.stdout).toContain('count the words');
      expect(markdown.stdout).toContain('double it');
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it(
    "--instructions and the config file's prompt settings reach the root of every question, as with rlm ask",
    async ({ expect, onTestFinished }) => {
      const { server, sandbox, chat } = await serveSandbox(sessionScript, onTestFinished);
      sandbox.write('words.txt', 'one two');
      sandbox.write('house-style.md', 'Answer in the house style.');
      sandbox.write('.rlm.json', JSON.stringify({ instructions: '@house-style.md' }));

      const result = await chat(['-c', 'words.txt'], {
        stdin: 'count the words\ndouble it\n',
      });
      expect(result.code, result.stderr).toBe(0);
      const roots = server.requests.filter(isRootRequest);
      expect(roots.map(questionOf)).toEqual(['count the words', 'double it']);
      for (const request of roots) expect(request.system).toContain('Answer in the house style.');

      // The flag wins over the config file; a missing --system-prompt-file stops before anything is asked.
      server.requests.length = 0;
      const flagged = await chat(['-c', 'words.txt', '--instructions', 'Answer in French.'], {
        stdin: 'count the words\n',
      });
      expect(flagged.code, flagged.stderr).toBe(0);
      expect(server.requests.filter(isRootRequest)[0]?.system).toContain('Answer in French.');
      expect(server.requests.filter(isRootRequest)[0]?.system).not.toContain('house style');
      const missing = await chat(['--system-prompt-file', 'nope.md'], {
        stdin: 'count\n',
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/rlm: --system-prompt-file .*nope\.md: cannot read \(ENOENT\)/);
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it('credentials in --base-url are refused (exit 2) without echoing them, as with rlm ask', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await serveSandbox(sessionScript, onTestFinished);
    const password = 'chat-passw0rd-4242';
    const url = `http://carol:${password}@127.0.0.1:${new URL(server.baseURL).port}/v1`;
    const result = await runRlm(sandbox, ['chat', '--base-url', url, '-m', 'root-model'], { stdin: 'count\n' });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('rlm: --base-url carries credentials (http://[redacted]@127.0.0.1:');
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(server.requests).toHaveLength(0);
    expect(sandbox.logFiles()).toHaveLength(0);
  });

  it(
    '--json prints one object per question (the ask --json fields plus question) and exits with the first failure',
    async ({ expect, onTestFinished }) => {
      const { sandbox, chat } = await serveSandbox(sessionScript, onTestFinished);
      sandbox.write('words.txt', 'a b c d');

      const result = await chat(['-c', 'words.txt', '--json'], {
        stdin: 'count\nfail now\ndouble\n',
      });

      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const object of objects)
        expect(Object.keys(object).toSorted()).toEqual([...JSON_RESULT_KEYS, 'question'].toSorted());
      expect(objects.map((object) => [object.question, object.answer, object.stopReason])).toEqual([
        ['count', '4', 'final'],
        ['fail now', null, 'error'],
        // The failure did not end the session: the third question still ran, with the first one's variable.
        ['double', '8 after 2', 'final'],
      ]);
      // The provider rejected the second question (HTTP 400): exit 4, after the remaining question ran.
      expect(result.code).toBe(4);
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it(
    '--stream-json prints every event, then a result line per question',
    async ({ expect, onTestFinished }) => {
      const { sandbox, chat } = await serveSandbox(sessionScript, onTestFinished);
      sandbox.write('words.txt', 'x y');

      const result = await chat(['-c', 'words.txt', '--stream-json'], {
        stdin: 'count\ndouble\n',
      });

      expect(result.code).toBe(0);
      const records = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; question?: string; answer?: string });
      const kinds = records
        .map((record) => record.type)
        .filter((type) => ['run_start', 'run_end', 'result'].includes(type));
      expect(kinds).toEqual(['run_start', 'run_end', 'result', 'run_start', 'run_end', 'result']);
      expect(
        records.filter((record) => record.type === 'result').map((record) => [record.question, record.answer]),
      ).toEqual([
        ['count', '2'],
        ['double', '4 after 1'],
      ]);
      expect(records.some((record) => record.type === 'llm_call_delta')).toBe(true);
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it(
    '--session-max-tokens stops the questions once the session has used them, with exit 5',
    async ({ expect, onTestFinished }) => {
      const { sandbox, chat } = await serveSandbox(sessionScript, onTestFinished);
      sandbox.write('words.txt', 'a b');
      const result = await chat(['-c', 'words.txt', '--session-max-tokens', '100', '--json'], {
        stdin: 'count\ndouble\n',
      });
      const [first, second] = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { answer: string | null; stopReason: string; error: { message: string } });
      // The first question's one call used more than 100 tokens; the second is refused before any call.
      expect(first).toMatchObject({ answer: '2', stopReason: 'final' });
      expect(second).toMatchObject({ answer: null, stopReason: 'budget' });
      expect(second?.error.message).toContain("session's token limit (100 tokens)");
      expect(result.code).toBe(5);
    },
    SEVERAL_RUNS_TIMEOUT_MS,
  );

  it('with no question at all: exit 2 and says how to use it', async ({ expect, onTestFinished }) => {
    const { chat } = await serveSandbox(sessionScript, onTestFinished);
    const result = await chat(['--no-log'], { stdin: '\n\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no questions');
  });
});
