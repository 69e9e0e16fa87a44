import { CommanderError } from 'commander';
// The light internal entry: --help must not load the AI SDK.
import { isRlmError } from '../engine/internal-light.ts';
import { CliError, ERROR_PREFIX, EXIT, exitCodeForError } from './exit-codes.ts';
import type { CliIO } from './io.ts';
import { failureJson } from './output/json-result.ts';
import { buildProgram } from './program.ts';
import { jsonLine } from '../output/neutralize.ts';

/** Parses argv, runs the command, and maps every failure to a message and an exit code: the one top-level catch. */
export async function runCli(io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  let jsonMode = false;
  // Commands are loaded on demand: `rlm --help` should not pay for the AI SDK, the sandbox or ink.
  const program = buildProgram({
    ask: async (words, flags) => {
      jsonMode = Boolean(flags.json || flags.streamJson);
      const { askCommand } = await import('./commands/ask.ts');
      exitCode = await askCommand(io, words, flags);
    },
    chat: async (flags) => {
      jsonMode = Boolean(flags.json || flags.streamJson);
      const { chatCommand } = await import('./commands/chat.ts');
      exitCode = await chatCommand(io, flags);
    },
    runs: async (flags) => {
      const { runsCommand } = await import('./commands/runs.ts');
      exitCode = await runsCommand(io, flags);
    },
    view: async (log, flags) => {
      const { viewCommand } = await import('./commands/view.ts');
      exitCode = await viewCommand(io, log, flags);
    },
    bench: async (flags) => {
      const { benchCommand } = await import('./commands/bench.ts');
      exitCode = await benchCommand(io, flags);
    },
    prompt: async (words, flags) => {
      jsonMode = Boolean(flags.json);
      const { promptCommand } = await import('./commands/prompt.ts');
      exitCode = await promptCommand(io, words, flags);
    },
    models: async (ids, flags) => {
      const { modelsCommand } = await import('./commands/models.ts');
      exitCode = await modelsCommand(io, ids, flags);
    },
  });
  // Subcommands copy these settings only when created, so set them on each: an unknown `rlm ask` flag must
  // reach the catch below (exit 2), not commander's own process.exit(1).
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One prefix for every failure, commander's own ("error: unknown option …") included.
      outputError: (text, write) => write(text.replace(/^error: /, ERROR_PREFIX)),
    });
  }
  try {
    await program.parseAsync(io.argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    const { code, message, exit } = describeFailure(error);
    io.stderr.write(`${ERROR_PREFIX}${io.redact(message)}\n`);
    if (jsonMode) io.stdout.write(jsonLine(failureJson(code, io.redact(message))));
    return exit;
  }
}

function describeFailure(error: unknown): { code: string; message: string; exit: number } {
  if (error instanceof CliError) return { code: error.code, message: error.message, exit: error.exitCode };
  if (isRlmError(error)) return { code: error.code, message: error.message, exit: exitCodeForError(error.code) };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: 'internal', message: `internal error: ${message}`, exit: EXIT.internal };
}
