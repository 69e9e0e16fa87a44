// Records fixtures/session/session.jsonl: a REAL `rlm chat` session (bin/rlm.js, questions piped on stdin) against
// the local scripted OpenAI-compatible server, so `rlm view`, `rlm runs` and the UI tests have a session log.
//   question 1  peeks at the context and counts ERROR lines into `errors` (a variable later questions reuse)
//   question 2  reuses `errors`, maps a sub-model over them with llm_query_batched, and answers
//   question 3  prints long outputs for several turns in a small window (--context-window 8000): earlier turns are
//               compacted, then it reads `history` back in code and answers
// Run: npm run build && npx node --no-node-snapshot scripts/record-session-fixture.ts
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type ScriptedReply, type ScriptedRequest } from '../test/support/openai-test-server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'fixtures', 'session');
const SESSION_QUESTIONS = [
  'How many ERROR lines are there?',
  'Which services do those errors come from?',
  'Print the raw log a few times, then tell me how many turns that took.',
];

const fence = (prose: string, code: string) => `${prose}\n\n\`\`\`repl\n${code.trim()}\n\`\`\``;
const firstUser = (request: ScriptedRequest) => request.messages.find((m) => m.role === 'user')?.content ?? '';
const questionOf = (request: ScriptedRequest) => /Question: (.*)/.exec(firstUser(request))?.[1] ?? '';
const turnOf = (request: ScriptedRequest) =>
  Number(/Turn (\d+)\//.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? '1');

const TURNS: Record<string, string[]> = {
  [SESSION_QUESTIONS[0] ?? '']: [
    fence('A look at the data first.', "print(context.length, 'chars');\nprint(context.slice(0, 160));"),
    fence(
      'One log line per row; I keep the ERROR lines for later questions.',
      "const errors = context.split('\\n').filter((line) => / ERROR /.test(line));\nprint(errors.length, 'errors');\nFINAL(errors.length + ' ERROR lines')",
    ),
  ],
  [SESSION_QUESTIONS[1] ?? '']: [
    fence(
      '`errors` is still in the REPL from the first question; I ask a sub-model about each one.',
      "const services = await llm_query_batched(errors.map((line) => 'Which service logged this? ' + line));\nconst counts = {};\nfor (const s of services) counts[s] = (counts[s] ?? 0) + 1;\nprint(JSON.stringify(counts));\nFINAL(Object.entries(counts).map(([s, n]) => s + ': ' + n).join(', '))",
    ),
  ],
  [SESSION_QUESTIONS[2] ?? '']: [
    ...Array.from({ length: 6 }, (_, i) =>
      fence(
        `Printing the log, pass ${i + 1}.`,
        `globalThis.passes = (globalThis.passes ?? 0) + 1;\nprint(context.repeat(4));`,
      ),
    ),
    fence(
      'Done printing; the full conversation is in history.',
      "const mine = history.at(-1).messages;\nFINAL(passes + ' passes; history holds ' + mine.length + ' messages of this question')",
    ),
  ],
};

function script(request: ScriptedRequest): ScriptedReply {
  if (request.model === 'sub-model') {
    const service = / ERROR (\w+)/.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? 'unknown';
    return { text: service, delayMs: 5 };
  }
  const last = request.messages.at(-1)?.content ?? '';
  if (last.includes('replaced by a summary you write now'))
    return { text: 'Summary: I printed the 5,000-character log several times; `passes` counts the passes.' };
  const turns = TURNS[questionOf(request)] ?? [];
  return { text: turns[turnOf(request) - 1] ?? 'FINAL(out of scripted turns)', delayMs: 10 };
}

function serviceLog(): string {
  const services = ['auth', 'billing', 'search'];
  return Array.from(
    { length: 120 },
    (_, i) => `${String(i).padStart(3, '0')} ${i % 7 === 3 ? 'ERROR' : 'INFO'} ${services[i % 3]} request ${i}`,
  ).join('\n');
}

const server = await startTestServer(script);
const work = path.join(tmpdir(), `rlm-session-fixture-${process.pid}`);
// Priced, so /cost and the views show dollars.
mkdirSync(path.join(work, 'rlm'), { recursive: true });
writeFileSync(
  path.join(work, 'rlm', 'config.json'),
  JSON.stringify({
    prices: {
      'root-model': { input: 1.25, cachedInput: 0.125, output: 10 },
      'sub-model': { input: 0.25, cachedInput: 0.025, output: 2 },
    },
  }),
);
try {
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'service.log'), `${serviceLog()}\n`);
  const log = path.join(out, 'session.jsonl');
  rmSync(log, { force: true });
  const args = [
    '--no-node-snapshot',
    path.join(root, 'bin', 'rlm.js'),
    'chat',
    '--base-url',
    server.baseURL,
    '-m',
    'root-model',
    '--sub-model',
    'sub-model',
    '--context-window',
    '8000',
    '-c',
    'service.log',
    '--log',
    log,
    '--json',
  ];
  const child = spawn(process.execPath, args, {
    // Run beside the context so the log names it `service.log`, not an absolute path.
    cwd: out,
    env: { ...process.env, XDG_STATE_HOME: work, XDG_CONFIG_HOME: work, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stdin.end(`${SESSION_QUESTIONS.join('\n')}\n`);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  process.stdout.write(stdout);
  if (code !== 0) throw new Error(`rlm chat exited ${code}`);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
