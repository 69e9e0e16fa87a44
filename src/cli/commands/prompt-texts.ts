import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileConfig } from '../config/schema.ts';
import { usageError } from '../exit-codes.ts';

/** The prompt options every command that runs (or previews) an RLM takes. */
export interface PromptFlags {
  systemPromptFile?: string;
  instructions?: string;
  /** commander's `--no-repl-reference`: true unless given. */
  replReference?: boolean;
}

/** `systemPrompt` / `replReference` / `instructions` for the engine, from flags over config, files read. */
export function resolvePromptTexts(
  flags: PromptFlags,
  config: FileConfig,
  cwd: string,
): { systemPrompt?: string; replReference?: boolean; instructions?: string } {
  const file = flags.systemPromptFile ?? config.systemPromptFile;
  const instructions = flags.instructions ?? config.instructions;
  const replReference = flags.replReference === false ? false : config.replReference;
  return {
    ...(file === undefined ? {} : { systemPrompt: readText('--system-prompt-file', resolve(cwd, file)) }),
    ...(instructions === undefined ? {} : { instructions: instructionsText(instructions, cwd) }),
    ...(replReference === undefined ? {} : { replReference }),
  };
}

/** `--instructions` is the text itself, or `@path` to read it from a file. */
function instructionsText(value: string, cwd: string): string {
  return value.startsWith('@') ? readText('--instructions', resolve(cwd, value.slice(1))) : value;
}

function readText(flag: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`${flag} ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (text.trim() === '') throw usageError(`${flag} ${path}: the file is empty`);
  return text;
}
