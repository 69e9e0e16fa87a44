import { createRlm, type RlmContext } from '../../engine/internal.ts';
import { jsonLine } from '../../output/index.ts';
import { loadConfig } from '../config/load-config.ts';
import { loadContext } from '../context/load-context.ts';
import { EXIT, usageError } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import type { PromptCommandFlags } from '../program.ts';
import { DEFAULT_MAX_CONTEXT_BYTES, DEFAULT_MAX_FILE_BYTES } from './ask-settings.ts';
import { resolvePromptTexts } from './prompt-texts.ts';

const PLACEHOLDER_QUESTION = '(your question)';

/**
 * `rlm prompt`: the instructions and first message a run with these settings would send, composed by the engine's
 * own code (the REPL's language and limits, the sub-model's window, the description of the data), to read or diff.
 */
export async function promptCommand(io: CliIO, words: string[], flags: PromptCommandFlags): Promise<number> {
  const { config } = loadConfig({ cwd: io.cwd, env: io.env });
  const texts = resolvePromptTexts(flags, config, io.cwd);
  const maxDepth = flags.maxDepth ?? config.maxDepth ?? 1;
  if (flags.depth >= maxDepth)
    throw usageError(
      `--depth ${flags.depth} needs --max-depth ${flags.depth + 1} or more (RLMs run at depths 0 to ${maxDepth - 1})`,
    );
  const context = flags.context?.length ? await readContext(io, flags, config.gitignore) : undefined;
  const model = flags.model ?? config.model ?? 'unset-model';
  const rlm = createRlm({
    model,
    subModel: flags.subModel ?? config.subModel ?? model,
    resolveModel: () => {
      throw new Error('rlm prompt calls no model');
    },
    maxDepth,
    ...((flags.maxIterations ?? config.maxIterations)
      ? { maxIterations: flags.maxIterations ?? config.maxIterations }
      : {}),
    ...(config.contextWindows ? { contextWindows: config.contextWindows } : {}),
    ...(config.sandbox ? { sandbox: config.sandbox } : {}),
    ...texts,
  });
  const question = words.join(' ').trim() || PLACEHOLDER_QUESTION;
  const preview = await rlm.previewPrompt(question, { context, depth: flags.depth });
  if (flags.json) {
    io.stdout.write(jsonLine(preview));
    return EXIT.ok;
  }
  const sections = [
    `=== system ===\n${preview.instructions}`,
    ...preview.messages.map((message) => `=== ${message.role} ===\n${message.content}`),
  ];
  // stdout is guarded: file names and prompt files cannot drive the terminal.
  io.stdout.write(`${sections.join('\n\n')}\n`);
  return EXIT.ok;
}

async function readContext(io: CliIO, flags: PromptCommandFlags, gitignore: boolean | undefined): Promise<RlmContext> {
  const loaded = await loadContext({
    cwd: io.cwd,
    specs: flags.context ?? [],
    readStdin: io.readStdin,
    gitignore: flags.gitignore === false ? false : (gitignore ?? true),
    include: flags.include ?? [],
    exclude: flags.exclude ?? [],
    hidden: Boolean(flags.hidden),
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    maxContextBytes: DEFAULT_MAX_CONTEXT_BYTES,
  });
  return loaded.context;
}
