import path from 'node:path';
import type { RlmContext } from '../../engine/internal.ts';
import { formatBytes } from '../../ui/format.ts';
import { usageError } from '../exit-codes.ts';
import { decodeText } from './decode.ts';
import { expandSpec } from './expand-spec.ts';
import { noContextMessage } from './no-context.ts';
import { OverContextLimit, readFiles, type Skipped } from './read-files.ts';
import type { WalkFs } from './walk-tree.ts';

export type { SkipReason } from './read-files.ts';

export interface ContextLoadOptions {
  cwd: string;
  /** `--context` values: files, directories, globs, or `-` for stdin. */
  specs: string[];
  /** All of stdin, refused (a usage error) once it passes `maxBytes`; see `readStdin` in read-stdin.ts. */
  readStdin: (maxBytes: number) => Promise<Uint8Array>;
  /** Stdin is a terminal: say that we are waiting for it. */
  stdinIsTTY?: boolean;
  /** Where notices for the user go (stderr). */
  notice?: (line: string) => void;
  gitignore: boolean;
  include: string[];
  exclude: string[];
  /** Include dot-files and dot-directories. */
  hidden: boolean;
  maxFileBytes: number;
  maxContextBytes: number;
  /** File-system calls of the directory walk (tests inject failures). */
  fs?: WalkFs;
}

export interface LoadedContext {
  context: RlmContext;
  files: number;
  bytes: number;
  chars: number;
  skipped: Skipped[];
  /** Files whose invalid UTF-8 was replaced with U+FFFD. */
  repaired: string[];
}

export const STDIN_NOTICE = 'Reading the context from stdin… (end it with Ctrl-D on an empty line)';

/**
 * Reads the context the user pointed at. One file or stdin gives a string; directories, globs and several
 * sources give `{ path, content }` documents with paths relative to the working directory, sorted. A context with
 * nothing in it is a usage error that says which files were skipped and why.
 */
export async function loadContext(options: ContextLoadOptions): Promise<LoadedContext> {
  const stdinCount = options.specs.filter((spec) => spec === '-').length;
  if (stdinCount > 1) throw usageError('--context - (stdin) can be given only once');

  const display = (file: string) => path.relative(options.cwd, file) || path.basename(file);
  const listed = new Set<string>();
  const skipped: Skipped[] = [];
  let wantsDocuments = options.specs.length > 1;
  for (const spec of options.specs) {
    if (spec === '-') continue;
    const found = await expandSpec(spec, options);
    if (found.kind !== 'file') wantsDocuments = true;
    for (const file of found.files) listed.add(file);
    for (const entry of found.unreadable)
      skipped.push({
        path: display(entry.path) + (entry.path.endsWith('/') ? '/' : ''),
        reason: 'unreadable',
        detail: explainCode(entry.code),
      });
  }
  const files = [...listed]
    .map((absolute) => ({ absolute, display: display(absolute) }))
    .filter((file) => keep(file.display, options))
    .toSorted((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));

  let read;
  try {
    read = await readFiles(files, options);
  } catch (error) {
    if (!(error instanceof OverContextLimit)) throw error;
    const offenders = error.sizes
      .toSorted((a, b) => b.size - a.size)
      .slice(0, 5)
      .map((entry) => `${entry.path} (${formatBytes(entry.size)})`);
    throw usageError(
      `The context is ${formatBytes(error.total)}, over the ${formatBytes(options.maxContextBytes)} limit (--max-context-bytes). Largest files: ${offenders.join(', ')}. Narrow it with --exclude or a more specific path.`,
    );
  }
  skipped.push(...read.skipped);
  const { documents, repaired } = read;
  let bytes = read.bytes;

  if (stdinCount === 1) {
    if (options.stdinIsTTY) options.notice?.(STDIN_NOTICE);
    const raw = await options.readStdin(options.maxContextBytes - bytes);
    const decoded = decodeText(raw);
    if (decoded.binary) throw usageError('--context -: stdin is binary (a NUL byte in its first 8 KB); rlm reads text');
    if (decoded.repaired) repaired.push('<stdin>');
    bytes += raw.length;
    if (!wantsDocuments && documents.length === 0) return finish(decoded.text, 1);
    documents.unshift({ path: '<stdin>', content: decoded.text });
  }
  if (!wantsDocuments && documents.length === 1 && documents[0]) return finish(documents[0].content, 1);
  return finish(documents, documents.length);

  function finish(context: RlmContext, count: number): LoadedContext {
    const chars =
      typeof context === 'string' ? context.length : context.reduce((sum, doc) => sum + doc.content.length, 0);
    skipped.sort((a, b) => a.path.localeCompare(b.path));
    const loaded = { context, files: count, bytes, chars, skipped, repaired };
    if (chars === 0) throw usageError(noContextMessage(loaded, options));
    return loaded;
  }
}

/** `--include` keeps only matching files, `--exclude` drops matches; a pattern without `/` matches the file name. */
function keep(file: string, options: Pick<ContextLoadOptions, 'include' | 'exclude'>): boolean {
  const matches = (pattern: string) => path.matchesGlob(pattern.includes('/') ? file : path.basename(file), pattern);
  return (options.include.length === 0 || options.include.some(matches)) && !options.exclude.some(matches);
}

function explainCode(code: string): string {
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  return code;
}
