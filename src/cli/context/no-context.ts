import { formatBytes } from '../../ui/format.ts';
import type { Skipped } from './read-files.ts';

/** A size the `--max-file-bytes` flag accepts that lets a file of `bytes` in: whole megabytes (or kilobytes), rounded up. */
export function sizeFlagValue(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.ceil(bytes / 2 ** 20)}mb` : `${Math.ceil(bytes / 1024)}kb`;
}

/** Why one skipped file gave nothing, in words, with what would change it. */
export function explainSkip(skip: Skipped, maxFileBytes: number): string {
  if (skip.reason === 'binary')
    return `${skip.path} is binary (a NUL byte in its first 8 KB); rlm reads text files only`;
  if (skip.reason === 'unreadable') return `${skip.path} cannot be read (${skip.detail ?? 'unknown error'})`;
  const bytes = skip.bytes ?? 0;
  return `${skip.path} is ${formatBytes(bytes)}, ${formatBytes(bytes - maxFileBytes)} over the ${formatBytes(maxFileBytes)} per-file limit; raise it with --max-file-bytes ${sizeFlagValue(bytes)}`;
}

/** The usage error for a context with no characters in it: which files, why, and the flag that changes it. */
export function noContextMessage(
  loaded: { files: number; skipped: Skipped[] },
  options: { specs: string[]; maxFileBytes: number },
): string {
  if (options.specs.length === 1 && options.specs[0] === '-') return 'No context: stdin was empty';
  const { skipped } = loaded;
  if (skipped.length === 1 && loaded.files === 0)
    return `No context: ${explainSkip(skipped[0]!, options.maxFileBytes)}.`;
  if (skipped.length > 0) {
    const listed = skipped.slice(0, 10).map((skip) => `  ${explainSkip(skip, options.maxFileBytes)}`);
    if (skipped.length > 10) listed.push(`  … and ${skipped.length - 10} more`);
    const empty = loaded.files > 0 ? ` (${loaded.files} file${loaded.files === 1 ? ' was' : 's were'} empty)` : '';
    return [`No context: every file was empty or skipped${empty}:`, ...listed].join('\n');
  }
  if (loaded.files > 0)
    return `No context: ${loaded.files === 1 ? 'the file is' : `all ${loaded.files} files are`} empty`;
  return `No context: no files found in ${options.specs.join(', ')} (after .gitignore/.rlmignore, hidden files, --include and --exclude)`;
}
