// The live view's plumbing (src/ui/live-view): where it renders, what its process may know, and its key stream.
// The process itself runs only from the build: test/ui/tui-e2e-view-process.test.ts drives it under a pty.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findLiveViewEntry } from '../../src/ui/live-view/find-view-entry.ts';
import { KeyStream } from '../../src/ui/live-view/key-stream.ts';
import { renderRun } from '../../src/ui/live-view/index.ts';
import { terminalEnv } from '../../src/ui/live-view/view-process.ts';
import { fakeSource, loadEvents, stripAnsi } from './support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findLiveViewEntry', () => {
  it('finds dist/live-view.js from a bundled chunk, and nothing when running from sources', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'rlm-live-view-'));
    dirs.push(dist);
    mkdirSync(path.join(dist, 'chunks'));
    const chunk = pathToFileURL(path.join(dist, 'chunks', 'render-run-ABC.js')).href;
    expect(findLiveViewEntry(chunk)).toBeNull();
    writeFileSync(path.join(dist, 'live-view.js'), '');
    expect(findLiveViewEntry(chunk)).toBe(path.join(dist, 'live-view.js'));
    // From sources the components are .tsx, which a plain Node process cannot load.
    expect(findLiveViewEntry(pathToFileURL(path.join(dist, 'chunks', 'render-run.ts')).href)).toBeNull();
  });
});

describe('terminalEnv', () => {
  it('gives the view process the terminal and locale variables, and no secret', () => {
    const terminal = {
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      FORCE_COLOR: '1',
      NO_COLOR: '1',
      LANG: 'en_US.UTF-8',
      LC_ALL: 'C.UTF-8',
      CI: 'true',
    };
    const env = terminalEnv({
      ...terminal,
      OPENAI_API_KEY: 'sk-secret',
      ANTHROPIC_API_KEY: 'sk-ant-secret',
      OPENAI_BASE_URL: 'https://user:pass@example.com',
      HOME: '/home/me',
      PATH: '/usr/bin',
    });
    expect(env).toEqual(terminal);
  });
});

describe('KeyStream', () => {
  it('hands typed keys to its reader and reports raw mode changes once each', async () => {
    const modes: boolean[] = [];
    const keys = new KeyStream((enabled) => modes.push(enabled));
    expect(keys.isTTY).toBe(true);
    keys.setRawMode(true);
    keys.setRawMode(true);
    keys.setEncoding('utf8');
    keys.type('q');
    keys.type('\u001B[A');
    await new Promise((resolve) => keys.once('readable', resolve));
    expect(keys.read()).toBe('q\u001B[A');
    keys.setRawMode(false);
    expect(modes).toEqual([true, false]);
  });
});

describe('renderRun on a stream that is not the process terminal', () => {
  it('renders in the calling process: the answer and the log line end the output', async () => {
    const [first, ...rest] = loadEvents('depth-2');
    const source = fakeSource(first ? [first] : []);
    let written = '';
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
    stdout.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const stdin = Object.assign(new PassThrough(), {
      isTTY: true,
      setRawMode: () => stdin,
      ref: () => stdin,
      unref: () => stdin,
    });
    const view = await renderRun({
      source,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: stdout as unknown as NodeJS.WriteStream,
      color: false,
      logFile: '/tmp/run.jsonl',
      env: { TERM: 'xterm-256color' },
      onAbort: () => undefined,
      onForceQuit: () => undefined,
    });
    source.emit(...rest);
    expect(await view.finish()).toBe(true);
    const screen = stripAnsi(written);
    expect(screen).toContain('What is the vault code hidden in section B?');
    expect(screen).toContain('The vault code is 4711');
    expect(screen).toContain('log: /tmp/run.jsonl');
  });
});
