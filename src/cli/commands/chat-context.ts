import type { RlmContext } from '../../engine/internal.ts';
import { estimateContextTokens } from '../context/count-tokens.ts';
import { loadContext, type LoadedContext } from '../context/load-context.ts';
import { usageError } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import type { AskFlags } from '../program.ts';
import { contextSelection, type RunSettings } from './ask-settings.ts';
import { contextSummaryLine } from './ask.ts';

/** Loads the files of `--context` or `/context`: one context for the session. Reading stdin is never allowed here. */
export async function loadChatContext(
  io: CliIO,
  specs: string[],
  settings: RunSettings,
  flags: AskFlags,
): Promise<{ context: RlmContext; loaded: LoadedContext; line: string }> {
  if (specs.includes('-')) throw usageError('rlm chat reads questions from stdin: a context must be a path or a glob');
  const loaded = await loadContext({
    cwd: io.cwd,
    specs,
    readStdin: async () => new Uint8Array(),
    ...contextSelection(settings, flags),
  });
  if (loaded.chars === 0) throw usageError(`No context in ${specs.join(', ')}: every file was empty or skipped`);
  // For display only: the estimate keeps the tokenizer (~0.4 s to load) out of the session.
  const tokens = estimateContextTokens(loaded.context);
  return { context: loaded.context, loaded, line: contextSummaryLine(loaded, tokens) };
}
