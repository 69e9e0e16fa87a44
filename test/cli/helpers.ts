// Shared set-up for the CLI end-to-end tests: the real `bin/rlm.js` (built into dist/ by `npm run build`), spawned
// on this Node (24) with a controlled environment, a fresh temp HOME-like layout, and scripted model servers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS } from '../../src/engine/index.ts';
import {
  startTestServer,
  type Script,
  type ScriptedReply,
  type ScriptedRequest,
  type TestServer,
} from '../support/openai-test-server.ts';
import { CLI_KILL_AFTER_MS, E2E_TEST_TIMEOUT_MS, WAIT_FOR_MS } from '../support/time-limits.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'rlm.js');
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** The documented `--json` fields (and those of `--stream-json`'s `result` line, besides `type`). */
export const JSON_RESULT_KEYS = [
  'answer',
  'durationMs',
  'error',
  'iterations',
  'logError',
  'logFile',
  'stopReason',
  'subcalls',
  'usage',
];
export const JSON_USAGE_KEYS = ['cachedInputTokens', 'costUsd', 'inputTokens', 'outputTokens'];

/** vitest does not build: call in `beforeAll` so a missing build fails every test with a clear instruction. */
export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    throw new Error(
      'dist/cli.js is missing: the CLI tests run the built CLI. Run `npm run build` first (`npm test` does it for you).',
    );
  }
}

/** Environment variables that would leak the developer's own set-up into a test run (every provider's included). */
const LEAKY_ENV = [
  ...PROVIDERS.flatMap((provider) => [...provider.apiKeyEnv, provider.baseUrlEnv]),
  'RLM_MODEL',
  'RLM_SUB_MODEL',
  'FORCE_COLOR',
  'CI',
];

/** A fresh directory tree per test: `cwd` (with its own `.git`, so no outer `.rlm.json` is found), XDG homes. */
export interface Sandbox {
  /** The temp root; `cwd`, `configHome` and `stateHome` live inside it. */
  base: string;
  cwd: string;
  configHome: string;
  stateHome: string;
  /** Directory of the default trajectory logs. */
  logDir: string;
  /** The environment the CLI runs with (extend it per run with `env`). */
  env: NodeJS.ProcessEnv;
  /** Writes a file relative to `cwd` (creating directories); strings as UTF-8, buffers as bytes. */
  write(relative: string, content: string | Uint8Array): string;
  /** Writes `$XDG_CONFIG_HOME/rlm/config.json`; returns its path. */
  userConfig(value: unknown): string;
  /** Every `*.jsonl` under the log directory. */
  logFiles(): string[];
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const base = await mkdtemp(path.join(tmpdir(), 'rlm-cli-test-'));
  const cwd = path.join(base, 'work');
  const configHome = path.join(base, 'config');
  const stateHome = path.join(base, 'state');
  for (const dir of [cwd, path.join(cwd, '.git'), configHome, stateHome]) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of LEAKY_ENV) delete env[name];
  Object.assign(env, { XDG_CONFIG_HOME: configHome, XDG_STATE_HOME: stateHome, NO_COLOR: '1' });
  const logDir = path.join(stateHome, 'rlm', 'runs');
  const write = (relative: string, content: string | Uint8Array) => {
    const file = path.join(cwd, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  return {
    base,
    cwd,
    configHome,
    stateHome,
    logDir,
    env,
    write,
    userConfig(value) {
      const file = path.join(configHome, 'rlm', 'config.json');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
      return file;
    },
    logFiles: () =>
      existsSync(logDir)
        ? readdirSync(logDir)
            .filter((name) => name.endsWith('.jsonl'))
            .map((name) => path.join(logDir, name))
        : [],
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  /** Extra variables on top of the sandbox environment; `undefined` deletes one. */
  env?: Record<string, string | undefined>;
  /** Working directory (default: the sandbox cwd). */
  cwd?: string;
  /** Text written to stdin before it is closed; `'open'` leaves stdin open and silent. Default: empty, closed. */
  stdin?: string | 'open';
  /** Kill the process (SIGKILL) after this long: a hung CLI fails the test instead of the suite. */
  killAfterMs?: number;
}

export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  /** Output so far (live). */
  output: { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

/** Starts `node --no-node-snapshot bin/rlm.js ...args`, as `npx rlm` does for users. */
export function spawnRlm(sandbox: Sandbox, args: string[], options: SpawnOptions = {}): SpawnedCli {
  const env = { ...sandbox.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], {
    cwd: options.cwd ?? sandbox.cwd,
    env,
    stdio: 'pipe',
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  child.stdin.on('error', () => undefined); // the CLI may exit without reading stdin
  if (options.stdin !== 'open') child.stdin.end(options.stdin ?? '');
  const killAfterMs = options.killAfterMs ?? CLI_KILL_AFTER_MS;
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `rlm ${args.join(' ')} did not exit within ${killAfterMs} ms.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`,
        ),
      );
    }, killAfterMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: output.stdout, stderr: output.stderr });
    });
  });
  return { child, output, done };
}

export function runRlm(sandbox: Sandbox, args: string[], options: SpawnOptions = {}): Promise<CliResult> {
  return spawnRlm(sandbox, args, options).done;
}

/** Resolves when `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = WAIT_FOR_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- scripted models ----------------------------------------------------------------------------------------

export const ROOT_MODEL = 'root-model';
export const SUB_MODEL = 'sub-model';

/** A reply with prose and one ```repl block. */
export const repl = (code: string, prose = 'Let me look at the context first.') =>
  `${prose}\n\n\`\`\`repl\n${code.trim()}\n\`\`\``;

/** The turn number the engine announces in the last message ("Turn 2/30."), 1 when absent. */
export function turnOf(request: ScriptedRequest): number {
  return Number(/Turn (\d+)\//.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? '1');
}

/**
 * A root model that follows the protocol: turn N gets `turns[N-1]` (a ```repl block or a bare FINAL line), and
 * any later turn a bare FINAL. Requests for other models get `sub`.
 */
export function protocolScript(
  turns: Array<string | ScriptedReply>,
  sub: (request: ScriptedRequest) => ScriptedReply = () => ({ text: 'sub answer' }),
): Script {
  return (request) => {
    if (!isRootRequest(request)) return sub(request);
    const turn = turns[turnOf(request) - 1] ?? 'FINAL(out of scripted turns)';
    return typeof turn === 'string' ? { text: turn } : turn;
  };
}

/** Turn 1 prints `PROBE=<json of expr>`, turn 2 answers `answer`. */
export function probeScript(expression: string, answer = 'the answer'): Script {
  return protocolScript([repl(`print('PROBE=' + JSON.stringify(${expression}));`), `FINAL(${answer})`]);
}

/** Root requests carry the conversation that began with the engine's "Turn 1/N." question message. */
export function isRootRequest(request: ScriptedRequest): boolean {
  return request.messages.some((message) => message.role === 'user' && message.content.includes('Turn 1/'));
}

/** Requests the root model received, in order (turn 1 first). */
export function rootRequests(server: TestServer): ScriptedRequest[] {
  return server.requests.filter(isRootRequest);
}

/** The value printed by `probeScript`, read back from the observation the engine sent the root on turn 2. */
export function probeValue(server: TestServer): unknown {
  const second = rootRequests(server)[1];
  if (!second) throw new Error(`the root model got ${rootRequests(server).length} request(s), expected a second turn`);
  const match = /PROBE=(.*)/.exec(second.messages.at(-1)?.content ?? '');
  if (!match?.[1]) throw new Error(`no PROBE= line in the second root request:\n${second.messages.at(-1)?.content}`);
  return JSON.parse(match[1]);
}

/** Starts a scripted server and registers its shutdown with the test. */
export async function serve(script: Script, onFinished: OnFinished): Promise<TestServer> {
  const server = await startTestServer(script);
  onFinished(() => server.close());
  return server;
}

/** Registers clean-up with the test (vitest's `onTestFinished`). */
export type OnFinished = (fn: () => Promise<void>) => void;

/** A fresh sandbox, removed when the test finishes. */
export async function sandboxForTest(onFinished: OnFinished): Promise<Sandbox> {
  const sandbox = await makeSandbox();
  onFinished(() => sandbox.cleanup());
  return sandbox;
}

/** What most CLI tests start from: a scripted server and a fresh sandbox, both gone when the test finishes. */
export interface ServedSandbox {
  server: TestServer;
  sandbox: Sandbox;
  /** Runs `rlm ask` pointed at the server (`serverArgs`), then `args`. */
  ask(args: string[], options?: SpawnOptions): Promise<CliResult>;
  /** Runs `rlm chat` pointed at the server, then `args`. */
  chat(args: string[], options?: SpawnOptions): Promise<CliResult>;
}

export async function serveSandbox(script: Script, onFinished: OnFinished): Promise<ServedSandbox> {
  const server = await serve(script, onFinished);
  const sandbox = await sandboxForTest(onFinished);
  return {
    server,
    sandbox,
    ask: (args, options) => runRlm(sandbox, ['ask', ...serverArgs(server), ...args], options),
    chat: (args, options) => runRlm(sandbox, ['chat', ...serverArgs(server), ...args], options),
  };
}

/** Arguments that point `rlm ask` at a scripted server with distinct root and sub model ids. */
export const serverArgs = (server: TestServer) => [
  '--base-url',
  server.baseURL,
  '-m',
  ROOT_MODEL,
  '--sub-model',
  SUB_MODEL,
];

/** For tests that spawn several full runs in a row (the e2e project's default; see test/support/time-limits.ts). */
export const SEVERAL_RUNS_TIMEOUT_MS = E2E_TEST_TIMEOUT_MS;
