// First: it may start the live view's process, which should load while everything below does.
import './early-live-view.ts';
import { discardLiveView } from '../ui/live-view/view-process.ts';
import { enableCompileCache } from 'node:module';
import { apiKeyValues } from '../engine/internal-light.ts';
import { readStdin } from './context/read-stdin.ts';
import { EXIT } from './exit-codes.ts';
import { createRedactor, guardStream } from '../output/index.ts';
import type { StopCause } from './io.ts';
import { runCli } from './run-cli.ts';

// An empty variable counts as unset, but @ai-sdk/openai reads OPENAI_BASE_URL itself when it is imported and
// throws on an empty one: drop it before any provider loads.
if (process.env.OPENAI_BASE_URL?.trim() === '') delete process.env.OPENAI_BASE_URL;

// V8's on-disk code cache: the AI SDK, ink and the tokenizer compile once, not on every run (~0.4 s saved).
enableCompileCache();

// The only module that touches the real process: everything below receives it through CliIO.
// A run in progress registers a handler that cancels it, closes its log and picks the exit code; a second signal,
// or one that arrives when no run is in progress, quits at once with the conventional status.
let stopHandler: ((cause: StopCause) => void) | undefined;
let stopRequested = false;
const FORCED_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated };
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopRequested || !stopHandler) {
      // A live view may have hidden the cursor and has no time to draw its last frame: give the cursor back.
      if (process.stdout.isTTY) process.stdout.write('\u001B[?25h');
      discardLiveView();
      process.exit(FORCED_EXIT[signal]);
    }
    stopRequested = true;
    stopHandler(signal);
  });
}

// stdout closed by its reader (`| head`). A run stops cleanly and records how it ended (exit 141); a command that
// only prints (`rlm view … | head`) has lost nothing and keeps its status: the reader chose to stop reading.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  if (stdoutClosed) return;
  stdoutClosed = true;
  if (!stopHandler) process.exit(process.exitCode ?? EXIT.ok);
  stopRequested = true;
  stopHandler('stdout_closed');
});

// Every key the provider registry reads from the environment; commands add what they learn (URL credentials).
const redactor = createRedactor(apiKeyValues(process.env));

const exitCode = await runCli({
  argv: process.argv,
  env: process.env,
  cwd: process.cwd(),
  // The one gate to the terminal: whatever any command writes is redacted and has its escape sequences neutralised.
  stdout: guardStream(process.stdout, 'text', redactor),
  stderr: guardStream(process.stderr, 'text', redactor),
  stdin: process.stdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  exit: (code) => process.exit(code),
  readStdin: (maxBytes) => readStdin(process.stdin, maxBytes),
  onInterrupt: (handler) => {
    stopHandler = handler;
    return () => {
      if (stopHandler === handler) stopHandler = undefined;
    };
  },
  isStdoutClosed: () => stdoutClosed,
  redactor,
  redact: (value) => redactor.text(value),
});
// A view process started for a run that did not happen (the command failed first) ends with the CLI.
discardLiveView();
process.exitCode = exitCode;
