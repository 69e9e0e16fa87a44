import { enableCompileCache } from 'node:module';
import { text } from 'node:stream/consumers';
import { apiKeyValues } from '../engine/registry/environment.ts';
import { EXIT } from './exit-codes.ts';
import { createRedactor } from './io.ts';
import { runCli } from './run-cli.ts';

// An empty variable counts as unset, but @ai-sdk/openai reads OPENAI_BASE_URL itself when it is imported and
// throws on an empty one: drop it before any provider loads.
if (process.env.OPENAI_BASE_URL?.trim() === '') delete process.env.OPENAI_BASE_URL;

// V8's on-disk code cache: the AI SDK, ink and the tokenizer compile once, not on every run (~0.4 s saved).
enableCompileCache();

// The only module that touches the real process: everything below receives it through CliIO.
let interruptHandler: (() => void) | undefined;
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1 || !interruptHandler) process.exit(EXIT.interrupted);
  interruptHandler();
});

// `rlm view … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const exitCode = await runCli({
  argv: process.argv,
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  exit: (code) => process.exit(code),
  readStdin: () => text(process.stdin),
  onInterrupt: (handler) => {
    interruptHandler = handler;
    return () => {
      if (interruptHandler === handler) interruptHandler = undefined;
    };
  },
  // Every key the provider registry reads from the environment.
  redact: createRedactor(apiKeyValues(process.env)),
});
process.exitCode = exitCode;
