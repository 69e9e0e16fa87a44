// `rlm chat` on a terminal: the real CLI under a pseudo-terminal (util-linux `script`), typed at like a user.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { WAIT_FOR_MS } from '../support/time-limits.ts';
import { stripAnsi } from '../ui/support.ts';
import { assertBuilt, isRootRequest, makeSandbox, repl, ROOT, serve, serverArgs, waitFor } from './helpers.ts';

beforeAll(assertBuilt);

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('rlm chat under a pty', () => {
  it('asks, shows the answer above the input line, answers /cost, keeps variables, and ends on Ctrl-D', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await serve((request) => {
      if (!isRootRequest(request)) return { text: 'sub' };
      const first = request.messages.find((message) => message.role === 'user')?.content ?? '';
      if (first.includes('Question: count')) return { text: repl('const n = context.split(" ").length; FINAL(n)') };
      return { text: repl('FINAL("twice is " + n * 2)') };
    }, onTestFinished);
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    sandbox.write('words.txt', 'one two three four five');
    const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
    const command = `stty cols 100 rows 40; exec ${[process.execPath, '--no-node-snapshot', path.join(ROOT, 'bin/rlm.js'), 'chat', ...serverArgs(server), '-c', 'words.txt'].map(quote).join(' ')}`;
    const { NO_COLOR: _noColor, ...rest } = sandbox.env;
    // `node` inside the pty is the project's Node 24; colours on, as a user's terminal has them.
    const env = { ...rest, TERM: 'xterm-256color', PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: sandbox.cwd, env, stdio: 'pipe' });
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const screen = () => stripAnsi(output);
    const type = (text: string) => child.stdin.write(text);

    await waitFor(() => screen().includes('/context /vars /cost /help /exit'), 'the input line', WAIT_FOR_MS);
    type('count the words\r');
    await waitFor(() => screen().includes('Answer'), 'the first answer', WAIT_FOR_MS);
    type('double it\r');
    await waitFor(() => screen().includes('twice is 10'), 'the second answer', WAIT_FOR_MS);
    type('/cost\r');
    await waitFor(() => screen().includes('Cost per question'), 'the /cost table', WAIT_FOR_MS);
    type('/vars\r');
    await waitFor(() => screen().includes('Variables:'), 'the /vars listing', WAIT_FOR_MS);
    type('\u0004');
    const code = await exited;

    const shown = screen();
    expect(code, shown).toBe(0);
    expect(shown).toContain('❯ count the words');
    expect(shown).toContain('❯ double it');
    expect(shown).toMatch(/Answer \(final/);
    expect(shown).toMatch(/1\. .* count the words/);
    expect(shown).toMatch(/n: number 5/);
    expect(sandbox.logFiles()).toHaveLength(1);
  });
});
