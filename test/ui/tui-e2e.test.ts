// The real CLI (dist/, from `npm run build`) with its live TUI, under a pseudo-terminal made by util-linux
// `script`, against the local scripted OpenAI-compatible server: what a user sees in a 100×50 terminal.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  type ScriptedReply,
  type ScriptedRequest,
  type TestServer,
} from '../support/openai-test-server.ts';
import { CLI_KILL_AFTER_MS } from '../support/time-limits.ts';
import { colourCodes, stripAnsi } from './support.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;
const CHUNKS = 40;
const QUESTION = 'Which services log errors?';

const fence = (prose: string, code: string) => `${prose}\n\n\`\`\`repl\n${code.trim()}\n\`\`\``;
const ROOT_TURNS = [
  fence('Peek first.', 'print(context.slice(0, 80));'),
  fence(
    'Grep the errors.',
    "const lines = context.split('\\n');\nconst errors = lines.filter((line) => / ERROR /.test(line));\nprint(errors.length, 'errors');",
  ),
  fence(
    'Map the chunks.',
    `const chunks = Array.from({ length: ${CHUNKS} }, (_, i) => lines.slice(i * 5, i * 5 + 5).join('\\n'));\nconst answers = await llm_query_batched(chunks.map((chunk) => 'Which services log ERROR?\\n' + chunk));\nprint(answers.length, 'answers');`,
  ),
  fence(
    'Finish.',
    "const answer = 'errors come from ' + [...new Set(answers.join(',').split(','))].filter((s) => s !== 'none').sort().join(' and ');\nFINAL_VAR('answer');",
  ),
];

function script(request: ScriptedRequest): ScriptedReply {
  const last = request.messages.at(-1)?.content ?? '';
  if (request.model === 'sub-model') {
    const services = [...new Set([...last.matchAll(/ ERROR (\w+)/g)].map((match) => match[1]))];
    return { text: services.length > 0 ? services.join(',') : 'none', delayMs: 20 };
  }
  const turn = Number(/Turn (\d+)\//.exec(last)?.[1] ?? '1');
  return { text: ROOT_TURNS[turn - 1] ?? 'FINAL(out of turns)', delayMs: 30 };
}

/** Runs `rlm ask` in a pty; resolves with the raw terminal output and the exit code. */
function runInPty(args: string[], env: NodeJS.ProcessEnv): Promise<{ output: string; code: number | null }> {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const command = `stty cols 100 rows 50; exec ${[process.execPath, '--no-node-snapshot', 'bin/rlm.js', 'ask', ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), CLI_KILL_AFTER_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, code });
    });
  });
}

describe.skipIf(!hasScript)('TUI end to end under a pty (util-linux script)', () => {
  let server: TestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let args: string[];

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/cli.js')))
      throw new Error('dist/cli.js is missing: run `npm run build` before the TUI end-to-end test');
    server = await startTestServer(script);
    dir = mkdtempSync(path.join(tmpdir(), 'rlm-tui-e2e-'));
    const services = ['auth', 'billing', 'search'];
    const log = Array.from(
      { length: CHUNKS * 5 },
      (_, i) => `${String(i).padStart(3, '0')} ${i % 7 === 3 ? 'ERROR' : 'INFO'} ${services[i % 3]} request ${i}`,
    ).join('\n');
    writeFileSync(path.join(dir, 'service.log'), log);
    const {
      CI: _ci,
      NO_COLOR: _noColor,
      FORCE_COLOR: _force,
      OPENAI_BASE_URL: _base,
      OPENAI_API_KEY: _key,
      ...rest
    } = process.env;
    env = {
      ...rest,
      // `node` inside the pty is the project's Node 24, not the system one.
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
      XDG_STATE_HOME: path.join(dir, 'state'),
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      TERM: 'xterm-256color',
    };
    args = [
      '--base-url',
      server.baseURL,
      '-m',
      'root-model',
      '--sub-model',
      'sub-model',
      '--concurrency',
      '8',
      '-c',
      path.join(dir, 'service.log'),
      QUESTION,
    ];
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the cells, the batch line, the cost meter and the answer box, and writes the log', async () => {
    const { output, code } = await runInPty(args, env);
    const screen = stripAnsi(output);
    expect(code, screen).toBe(0);
    expect(screen).toContain(QUESTION);
    expect(screen).toContain('root root-model · sub sub-model');
    for (const turn of [1, 2, 3, 4]) expect(screen).toContain(`▸ Turn ${turn}/30`);
    expect(screen).toContain('[peek]');
    expect(screen).toContain('[grep]');
    expect(screen).toContain('[map]');
    expect(screen).toContain('[finish]');
    expect(screen).toMatch(new RegExp(`✓ map ${CHUNKS}/${CHUNKS} · [\\d.]+ m?s p50 · [\\d.]+ m?s p95`));
    expect(screen).toMatch(
      /in [\d.]+k? · out [\d.]+k? · cached 0 │ cost unknown │ [\d.]+ (ms|s) │ turn 4\/30 │ calls 0\/8 in flight │ depth 1\/1/,
    );
    // Every frame's meter: never more calls in flight than the concurrency (the rest are queued).
    const inFlight = [...screen.matchAll(/calls (\d+)\/8 in flight/g)].map((match) => Number(match[1]));
    expect(inFlight.length).toBeGreaterThan(2);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(8);
    expect(screen).toMatch(/Answer \(final · [\d.]+ (ms|s) · cost unknown\)/);
    expect(screen).toContain('errors come from auth and billing and search');
    // Colours are on in a terminal without NO_COLOR.
    expect(colourCodes(output).length).toBeGreaterThan(10);
    const logs = readdirSync(path.join(dir, 'state', 'rlm', 'runs'));
    expect(logs).toHaveLength(1);
    expect(screen).toContain(`log: ${path.join(dir, 'state', 'rlm', 'runs', logs[0] ?? '')}`);
    expect(server.requests.filter((request) => request.model === 'sub-model')).toHaveLength(CHUNKS);
  });

  it('renders without colour codes under NO_COLOR', async () => {
    const { output, code } = await runInPty([...args.slice(0, -1), '--no-log', QUESTION], { ...env, NO_COLOR: '1' });
    expect(code, stripAnsi(output)).toBe(0);
    expect(stripAnsi(output)).toContain('errors come from auth and billing and search');
    expect(colourCodes(output)).toEqual([]);
  });
});

describe.skipIf(!hasScript)('TUI end to end: a hostile server', () => {
  const canary = `sk-test-canary-${Math.random().toString(36).slice(2)}${Date.now()}`;
  const OSC_TITLE = '\u001B]0;pwned-title\u0007';
  const OSC_CLIPBOARD = '\u001B]52;c;ZWNobyBwd25lZA==\u0007';
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    // The key and escape sequences in the prose, a cell's output, its error, a sub-call and the answer.
    server = await startTestServer((request) => {
      if (request.model === 'sub-model') return { text: `sub got ${canary} ${OSC_CLIPBOARD}` };
      const turn = Number(/Turn (\d+)\//.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? '1');
      if (turn > 1) return { text: `FINAL(the key is ${canary} ${OSC_TITLE})` };
      const reply = fence(
        `Your key is ${canary} ${OSC_TITLE} ok.`,
        `print('output ${canary}');\nprint(await llm_query('x'));\nthrow new Error('failed with ${canary} ' + String.fromCharCode(27) + ']52;c;eA==' + String.fromCharCode(7));`,
      );
      const at = reply.indexOf(canary);
      return { text: reply, chunks: [reply.slice(0, at + 6), reply.slice(at + 6, at + 20), reply.slice(at + 20)] };
    });
    dir = mkdtempSync(path.join(tmpdir(), 'rlm-tui-hostile-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'some notes');
    writeFileSync(path.join(dir, `evil${OSC_TITLE}.bin`), Buffer.from([0, 1, 2, 0, 255, 0]));
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('never shows the key, and lets no title or clipboard sequence through', async () => {
    const {
      CI: _ci,
      NO_COLOR: _noColor,
      FORCE_COLOR: _force,
      OPENAI_BASE_URL: _base,
      OPENAI_API_KEY: _key,
      ...rest
    } = process.env;
    const env = {
      ...rest,
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
      XDG_STATE_HOME: path.join(dir, 'state'),
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      TERM: 'xterm-256color',
      OPENAI_API_KEY: canary,
    };
    const { output, code } = await runInPty(
      ['--base-url', server.baseURL, '-m', 'root-model', '--sub-model', 'sub-model', '-c', dir, 'q'],
      env,
    );
    const screen = stripAnsi(output);
    expect(code, screen).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${canary}`);
    expect(screen).toContain('Your key is [redacted]');
    expect(screen).toContain('the key is [redacted]');
    expect(screen).toContain('evil␛]0;pwned-title␇.bin (binary)');
    for (const piece of [canary, canary.slice(6, 20)]) expect(output).not.toContain(piece);
    expect(output).not.toContain('\u001B]0;');
    expect(output).not.toContain('\u001B]52;');
    expect(output).not.toMatch(/[\u0080-\u009F]/);
  });
});

describe.skipIf(!hasScript)('TUI end to end: the context on a piped stdin', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    // The root model takes its time, so the run is still going when q arrives.
    server = await startTestServer(() => ({ text: 'FINAL(too late)', delayMs: 60_000 }));
    dir = mkdtempSync(path.join(tmpdir(), 'rlm-tui-piped-'));
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('still reads q from the terminal (/dev/tty) and cancels, saying it was q', async () => {
    const { CI: _ci, OPENAI_BASE_URL: _base, OPENAI_API_KEY: _key, ...rest } = process.env;
    const env = {
      ...rest,
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
      XDG_STATE_HOME: path.join(dir, 'state'),
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      TERM: 'xterm-256color',
      NO_COLOR: '1',
    };
    const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
    const rlm = [process.execPath, '--no-node-snapshot', 'bin/rlm.js', 'ask', '--base-url', server.baseURL]
      .concat(['-m', 'root-model', 'What is piped in?'])
      .map(quote)
      .join(' ');
    // rlm's stdin is a pipe (the context); the pty stays its controlling terminal.
    const command = `stty cols 100 rows 40; printf 'piped context' | ${rlm}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_KILL_AFTER_MS);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + CLI_KILL_AFTER_MS;
    while ((!stripAnsi(output).includes('q: cancel') || server.requests.length === 0) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stripAnsi(output)).toContain('q: cancel');
    expect(server.requests.length).toBeGreaterThan(0);
    child.stdin.write('q');
    const code = await closed;
    clearTimeout(timer);
    const screen = stripAnsi(output);
    expect(code, screen).toBe(130);
    expect(screen).toContain('Cancelled by the user (q)');
  });
});
