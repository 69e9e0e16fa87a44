// The live view renders in a process of its own when the built CLI runs on a terminal (src/ui/live-view): what that
// changes, under a real pseudo-terminal (util-linux `script`): resizes, keys, signals, and a view that dies mid-run.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, it, type TestContext } from 'vitest';
import type { TestServer } from '../support/openai-test-server.ts';
import { CLI_KILL_AFTER_MS, WAIT_FOR_MS } from '../support/time-limits.ts';
import { VIEW_NICENESS } from '../../src/ui/live-view/process-priority.ts';
import { stripAnsi } from './support.ts';
import {
  assertBuilt,
  isRootRequest,
  sandboxForTest,
  repl,
  ROOT,
  serve,
  serverArgs,
  turnOf,
  waitFor,
  type Sandbox,
} from '../cli/helpers.ts';

beforeAll(assertBuilt);

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

/**
 * A root model whose first turn waits on a sub-call the test releases: the run stays live as long as the test
 * needs (no timing involved), then answers.
 */
async function heldRun(onTestFinished: TestContext['onTestFinished']) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = await serve(async (request) => {
    if (!isRootRequest(request)) {
      await held;
      return { text: 'forty-two' };
    }
    if (turnOf(request) > 1) return { text: 'FINAL(too late)' };
    return { text: repl("const answer = 'the answer is ' + (await llm_query('hold on'));\nFINAL_VAR('answer');") };
  }, onTestFinished);
  onTestFinished(release);
  const sandbox = await sandboxForTest(onTestFinished);
  sandbox.write('notes.txt', 'some notes');
  return { server, sandbox, release };
}

interface PtyOptions {
  /** The pty's size; 100 × 40 unless given. */
  size?: { cols: number; rows: number };
  env?: Record<string, string>;
  /** `-c`'s value; `-` reads the context from stdin. */
  context?: string;
  /** Flags before `-c`. */
  flags?: string[];
  /** stdin a pipe that stays open (30 s): a `-c -` run then waits for its context and never starts. */
  heldStdin?: boolean;
}

/** `rlm ask` in a pty of the given size, typed at and resized like a user's terminal. */
function askInPty(
  sandbox: Sandbox,
  server: TestServer,
  { size = { cols: 100, rows: 40 }, env = {}, context = 'notes.txt', flags = [], heldStdin = false }: PtyOptions = {},
) {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const rlm = [process.execPath, '--no-node-snapshot', path.join(ROOT, 'bin/rlm.js'), 'ask', ...serverArgs(server)]
    .concat([...flags, '-c', context, 'What do the notes say?'])
    .map(quote)
    .join(' ');
  // The pty's name lets the test resize it from outside; `exec` keeps the pid, so signals reach rlm itself.
  const command = `tty > .tty; echo $$ > .pid; stty cols ${size.cols} rows ${size.rows}; exec ${rlm}${heldStdin ? ' < <(sleep 30)' : ''}`;
  const { NO_COLOR: _noColor, ...rest } = sandbox.env;
  rmSync(path.join(sandbox.cwd, '.pid'), { force: true });
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: sandbox.cwd,
    env: {
      ...rest,
      ...env,
      // Process substitution (the held stdin) is bash's.
      ...(heldStdin ? { SHELL: '/bin/bash' } : {}),
      TERM: 'xterm-256color',
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
    },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), CLI_KILL_AFTER_MS);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
  const file = (name: string) => readFileSync(path.join(sandbox.cwd, name), 'utf8').trim();
  return {
    output: () => output,
    screen: () => stripAnsi(output),
    type: (text: string) => child.stdin.write(text),
    resize: (cols: number, rows: number) =>
      spawnSync('stty', ['-F', file('.tty'), 'cols', String(cols), 'rows', String(rows)]),
    /** rlm's pid, once the shell has written it (it then execs into rlm). */
    pid: () => {
      try {
        return Number(file('.pid'));
      } catch {
        return null;
      }
    },
    signal: (name: NodeJS.Signals) => process.kill(Number(file('.pid')), name),
    exited,
  };
}

/** The live view's process, a child of rlm (`pid`), as its /proc directory; null until it exists (or without /proc). */
function viewProcess(pid: number | null): string | null {
  if (pid === null) return null;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    const view = children.find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('live-view.js'));
    return view === undefined ? null : `/proc/${view}`;
  } catch {
    return null;
  }
}

/** Gone, or a zombie its new parent has not reaped yet (a container's init may never). */
function hasEnded(dir: string): boolean {
  try {
    return readFileSync(`${dir}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

/** Every thread of a process, as /proc directories. */
const threadsOf = (dir: string) => readdirSync(`${dir}/task`).map((tid) => `${dir}/task/${tid}`);

/** A thread's nice value: field 19 of its stat line, counted after the name's closing parenthesis (field 2). */
const niceOf = (thread: string) => Number(readFileSync(`${thread}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);

/** The live view is up: its key hint is drawn and the held sub-call has reached the server. */
async function viewIsLive(pty: ReturnType<typeof askInPty>, server: TestServer) {
  await waitFor(
    () => pty.screen().includes('q: cancel') && server.requests.some((request) => !isRootRequest(request)),
    'the live view of a run waiting on its sub-call',
    WAIT_FOR_MS,
  );
}

/** A held run, `rlm ask` on it in a pty of the given size, and its live view up. */
async function liveRun(onTestFinished: TestContext['onTestFinished'], size = { cols: 100, rows: 40 }) {
  const held = await heldRun(onTestFinished);
  const pty = askInPty(held.sandbox, held.server, { size });
  await viewIsLive(pty, held.server);
  return { ...held, pty };
}

/** Each run of the cost meter's top border (`─` as wide as the terminal), in order. */
const meterWidths = (screen: string) => [...screen.matchAll(/─+/g)].map((match) => match[0].length);

const hasProc = spawnSync('sh', ['-c', 'test -d /proc/self/task']).status === 0;

describe.skipIf(!hasScript)('the live view in its own process, under a pty', () => {
  it('redraws at the new width when the terminal is resized mid-run, and ends with the answer and the log line', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, release, pty } = await liveRun(onTestFinished, { cols: 80, rows: 30 });
    expect(meterWidths(pty.screen())).toContain(80);
    const before = pty.output().length;
    pty.resize(60, 24);
    // The CLI hears SIGWINCH and measures its terminal: the view hears of it by message and lays the frame out again.
    await waitFor(
      () => meterWidths(stripAnsi(pty.output().slice(before))).includes(60),
      'a frame 60 wide',
      WAIT_FOR_MS,
    );
    // A frame already on its way may still be 80 wide; none after the first at 60.
    const resized = pty.output().length;
    release();
    const code = await pty.exited;
    const after = stripAnsi(pty.output().slice(resized));
    expect(code, pty.screen()).toBe(0);
    expect(meterWidths(after).every((width) => width <= 60)).toBe(true);
    expect(after).toMatch(/Answer \(final · [\d.]+ m?s · cost unknown\)/);
    expect(after).toContain('the answer is forty-two');
    expect(after.replaceAll(/\s+/g, '')).toContain(`log:${sandbox.logFiles()[0]}`);
    // The cursor the view hid is back.
    expect(pty.output().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(pty.output().lastIndexOf(HIDE_CURSOR));
  });

  it.skipIf(!hasProc)(
    "runs every thread of the view 10 below the run (V8's helpers too), and leaves the run as it was",
    async ({ expect, onTestFinished }) => {
      const { pty, release } = await liveRun(onTestFinished);
      const view = viewProcess(pty.pid());
      expect(view).not.toBeNull();
      // rlm inherits this process's nice value (`nice npm test` runs everything at 10).
      const run = threadsOf(`/proc/${pty.pid()}`).map(niceOf);
      expect(new Set(run)).toEqual(new Set([getPriority()]));
      const threads = threadsOf(view ?? '');
      // Node's own: the main thread, V8's platform workers, its signal and inspector threads.
      expect(threads.length).toBeGreaterThan(3);
      expect(new Set(threads.map(niceOf))).toEqual(new Set([Math.min(19, getPriority() + VIEW_NICENESS)]));
      release();
      expect(await pty.exited, pty.screen()).toBe(0);
    },
  );

  it('cancels on Ctrl-C typed at the terminal (keys go through the CLI to the view)', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, pty } = await liveRun(onTestFinished);
    pty.type('\u0003');
    const code = await pty.exited;
    const screen = pty.screen();
    expect(code, screen).toBe(130);
    expect(screen).toMatch(/No answer \(aborted/);
    expect(screen).toContain('Interrupted by the user (Ctrl-C)');
    expect(screen.replaceAll(/\s+/g, '')).toContain(`log:${sandbox.logFiles()[0]}`);
  });

  it('quits at once on a second Ctrl-C, after a last frame that says so, with the cursor back', async ({
    expect,
    onTestFinished,
  }) => {
    const { pty } = await liveRun(onTestFinished);
    // Both keys in one read: the second reaches the view before the cancelled run's end does.
    pty.type('\u0003\u0003');
    const code = await pty.exited;
    const screen = pty.screen();
    expect(code, screen).toBe(130);
    expect(screen).toContain('✗ Quit before the run finished: calls and cells were left unfinished.');
    expect(pty.output().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(pty.output().lastIndexOf(HIDE_CURSOR));
  });

  it('stops cleanly on SIGTERM: the view shows how the run ended, exit 143', async ({ expect, onTestFinished }) => {
    const { pty } = await liveRun(onTestFinished);
    pty.signal('SIGTERM');
    const code = await pty.exited;
    const screen = pty.screen();
    expect(code, screen).toBe(143);
    expect(screen).toMatch(/No answer \(aborted/);
    expect(screen).toContain('Terminated (SIGTERM)');
    expect(pty.output().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(pty.output().lastIndexOf(HIDE_CURSOR));
  });

  it('quits at once on a second SIGTERM while the view is up, and gives the terminal its cursor back', async ({
    expect,
    onTestFinished,
  }) => {
    const { pty } = await liveRun(onTestFinished);
    // 30 ms apart: two signals, not one merged by the kernel; the second lands while the first one's stop is under way.
    pty.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 30));
    try {
      pty.signal('SIGTERM');
    } catch {
      // Already gone: the first stop finished first, which must leave the cursor back too.
    }
    const code = await pty.exited;
    expect(code, pty.screen()).toBe(143);
    expect(pty.output().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(pty.output().lastIndexOf(HIDE_CURSOR));
  });

  it('goes on without the view when its process crashes, says so, and prints the answer and the log at the end', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, release } = await heldRun(onTestFinished);
    // The view throws on the first batch of events after its first frame (a test-only switch).
    const pty = askInPty(sandbox, server, { env: { RLM_TEST_LIVE_VIEW_CRASH: '0' } });
    await waitFor(() => pty.screen().includes('the live view stopped'), 'the crash notice', WAIT_FOR_MS);
    await waitFor(() => server.requests.some((request) => !isRootRequest(request)), 'the held sub-call', WAIT_FOR_MS);
    release();
    const code = await pty.exited;
    const screen = pty.screen();
    expect(code, screen).toBe(0);
    expect(screen).toContain(
      'rlm: the live view stopped (crash injected by RLM_TEST_LIVE_VIEW_CRASH); the run goes on without it.',
    );
    const notice = screen.indexOf('the live view stopped');
    expect(screen.slice(notice)).toContain('the answer is forty-two');
    expect(screen.slice(notice)).toContain(`log: ${sandbox.logFiles()[0]}`);
    expect(pty.output().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(pty.output().lastIndexOf(HIDE_CURSOR));
  });

  it('shows no view when the flags turn it off in a way the early start cannot tell (-qc), and exits', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, release } = await heldRun(onTestFinished);
    release();
    // `-qc notes.txt` is -q -c notes.txt: the process started on the words alone is discarded once the flags are parsed.
    const pty = askInPty(sandbox, server, { flags: ['-qc', 'notes.txt'] });
    const code = await pty.exited;
    expect(code, pty.screen()).toBe(0);
    expect(pty.screen().trim()).toBe('the answer is forty-two');
    expect(pty.output()).not.toContain(HIDE_CURSOR);
  });

  it('ends with its own exit code however far the early view process had got (8 runs)', async ({
    expect,
    onTestFinished,
  }) => {
    // When the view was a worker thread, ending the CLI while it evaluated yoga's top-level await aborted V8 (exit 133)
    // in about one failed command in eight on a busy machine; each run here fails at a different point of its loading.
    const { server, sandbox } = await heldRun(onTestFinished);
    const codes: Array<number | null> = [];
    for (let run = 0; run < 8; run += 1) {
      const pty = askInPty(sandbox, server, { context: 'missing.txt' });
      codes.push(await pty.exited);
      expect(pty.screen()).not.toContain('Fatal error');
    }
    expect(codes).toEqual(Array.from({ length: 8 }, () => 2));
  });

  it.skipIf(!hasProc)(
    'quits with 130 on Ctrl-C before its run starts, while the view process is still loading, and ends it (5 runs)',
    async ({ expect, onTestFinished }) => {
      const { server, sandbox } = await heldRun(onTestFinished);
      for (let run = 0; run < 5; run += 1) {
        // The context comes on a pipe that stays open: rlm waits for it, so no run starts and the signal finds none.
        const pty = askInPty(sandbox, server, { context: '-', heldStdin: true });
        await waitFor(() => viewProcess(pty.pid()) !== null, 'the live view process to start', WAIT_FOR_MS);
        const view = viewProcess(pty.pid()) ?? '';
        // Lowered from its start (just after the fork returns), before any run: its start-up yields to the CLI's.
        const lowered = Math.min(19, getPriority() + VIEW_NICENESS);
        await waitFor(() => niceOf(view) === lowered, `the view process at nice ${lowered}`, WAIT_FOR_MS);
        pty.signal('SIGINT');
        const code = await pty.exited;
        expect(pty.screen()).not.toContain('Fatal error');
        expect(code).toBe(130);
        // Killed with the CLI, or gone with its channel: no view is left behind.
        await waitFor(() => hasEnded(view), 'the view process to end', WAIT_FOR_MS);
      }
    },
  );

  it('exits at once when the command fails before its run, though the view process was already started', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox } = await heldRun(onTestFinished);
    const pty = askInPty(sandbox, server, { context: 'missing.txt' });
    // The process started early must not keep the CLI alive (a hang ends in CLI_KILL_AFTER_MS: code null).
    const code = await pty.exited;
    expect(code, pty.screen()).toBe(2);
    expect(pty.screen()).toContain('rlm: --context missing.txt: cannot read (no such file or directory)');
    expect(server.requests).toHaveLength(0);
  });
});
