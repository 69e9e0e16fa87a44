import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { globby, isDynamicPattern } from 'globby';
import pLimit from 'p-limit';
import type { ContextDocument, RlmContext } from '../../engine/index.ts';
import { formatBytes } from '../../ui/format.ts';
import { usageError } from '../exit-codes.ts';
import { decodeText } from './decode.ts';

export interface ContextLoadOptions {
  cwd: string;
  /** `--context` values: files, directories, globs, or `-` for stdin. */
  specs: string[];
  readStdin: () => Promise<string>;
  gitignore: boolean;
  include: string[];
  exclude: string[];
  /** Include dot-files and dot-directories. */
  hidden: boolean;
  maxFileBytes: number;
  maxContextBytes: number;
}

export type SkipReason = 'binary' | 'too_large' | 'unreadable';

export interface LoadedContext {
  context: RlmContext;
  files: number;
  bytes: number;
  chars: number;
  skipped: Array<{ path: string; reason: SkipReason; detail?: string }>;
  /** Files whose invalid UTF-8 was replaced with U+FFFD. */
  repaired: string[];
}

const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];
const READ_PARALLELISM = 32;

/**
 * Reads the context the user pointed at. One file or stdin gives a string; directories, globs and several
 * sources give `{ path, content }` documents with paths relative to the working directory, sorted.
 */
export async function loadContext(options: ContextLoadOptions): Promise<LoadedContext> {
  const stdinCount = options.specs.filter((spec) => spec === '-').length;
  if (stdinCount > 1) throw usageError('--context - (stdin) can be given only once');

  const listed: string[] = [];
  let wantsDocuments = options.specs.length > 1;
  for (const spec of options.specs) {
    if (spec === '-') continue;
    const found = await expandSpec(spec, options);
    if (found.kind !== 'file') wantsDocuments = true;
    listed.push(...found.paths);
  }
  const files = [...new Set(listed)].toSorted();

  const sizes = await Promise.all(
    files.map(async (file) => ({
      file,
      size: await stat(path.resolve(options.cwd, file)).then(
        (s) => s.size,
        () => -1,
      ),
    })),
  );
  const skipped: LoadedContext['skipped'] = [];
  const readable = sizes.filter(({ file, size }) => {
    if (size < 0) skipped.push({ path: file, reason: 'unreadable', detail: 'cannot stat' });
    else if (size > options.maxFileBytes)
      skipped.push({
        path: file,
        reason: 'too_large',
        detail: `${formatBytes(size)} > ${formatBytes(options.maxFileBytes)}`,
      });
    else return true;
    return false;
  });
  const total = readable.reduce((sum, entry) => sum + entry.size, 0);
  if (total > options.maxContextBytes) {
    const offenders = readable
      .toSorted((a, b) => b.size - a.size)
      .slice(0, 5)
      .map((entry) => `${entry.file} (${formatBytes(entry.size)})`);
    throw usageError(
      `The context is ${formatBytes(total)}, over the ${formatBytes(options.maxContextBytes)} limit (--max-context-bytes). Largest files: ${offenders.join(', ')}. Narrow it with --exclude or a more specific path.`,
    );
  }

  const limit = pLimit(READ_PARALLELISM);
  const repaired: string[] = [];
  const documents: ContextDocument[] = [];
  const read = await Promise.all(
    readable.map(({ file }) =>
      limit(async () => {
        try {
          return { file, bytes: await readFile(path.resolve(options.cwd, file)) };
        } catch (error) {
          skipped.push({
            path: file,
            reason: 'unreadable',
            detail: (error as NodeJS.ErrnoException).code ?? String(error),
          });
          return undefined;
        }
      }),
    ),
  );
  let bytes = 0;
  for (const entry of read) {
    if (!entry) continue;
    const decoded = decodeText(entry.bytes);
    if (decoded.binary) {
      skipped.push({ path: entry.file, reason: 'binary' });
      continue;
    }
    if (decoded.repaired) repaired.push(entry.file);
    bytes += entry.bytes.length;
    documents.push({ path: entry.file, content: decoded.text });
  }

  if (stdinCount === 1) {
    const text = await options.readStdin();
    bytes += Buffer.byteLength(text);
    if (!wantsDocuments && documents.length === 0) return finish(text, 1);
    documents.unshift({ path: '<stdin>', content: text });
  }
  if (!wantsDocuments && documents.length === 1 && documents[0]) return finish(documents[0].content, 1);
  return finish(documents, documents.length);

  function finish(context: RlmContext, count: number): LoadedContext {
    const chars =
      typeof context === 'string' ? context.length : context.reduce((sum, doc) => sum + doc.content.length, 0);
    skipped.sort((a, b) => a.path.localeCompare(b.path));
    return { context, files: count, bytes, chars, skipped, repaired };
  }
}

async function expandSpec(
  spec: string,
  options: ContextLoadOptions,
): Promise<{ kind: 'file' | 'directory' | 'glob'; paths: string[] }> {
  const absolute = path.resolve(options.cwd, spec);
  const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
  const relative = (file: string) => path.relative(options.cwd, file) || path.basename(file);

  if (!(info instanceof Error)) {
    if (info.isFile()) return { kind: 'file', paths: [relative(absolute)] };
    if (info.isDirectory()) {
      const found = await globby('**/*', globOptions(absolute, options));
      return {
        kind: 'directory',
        paths: filter(
          found.map((file) => relative(path.join(absolute, file))),
          options,
        ),
      };
    }
    throw usageError(`--context ${spec}: not a regular file or directory`);
  }
  if (isDynamicPattern(spec)) {
    const found = await globby(spec, globOptions(options.cwd, options));
    if (found.length === 0) throw usageError(`--context ${spec}: the glob matched no files`);
    return {
      kind: 'glob',
      paths: filter(
        found.map((file) => relative(path.resolve(options.cwd, file))),
        options,
      ),
    };
  }
  const code =
    info.code === 'ENOENT' ? 'no such file or directory' : info.code === 'EACCES' ? 'permission denied' : info.message;
  throw usageError(`--context ${spec}: cannot read (${code})`);
}

function globOptions(cwd: string, options: ContextLoadOptions) {
  const includesSpecial = (name: string) => options.include.some((pattern) => pattern.includes(name));
  return {
    cwd,
    onlyFiles: true,
    dot: options.hidden,
    // Not following directory links keeps symlink loops harmless; linked files are still read.
    followSymbolicLinks: false,
    gitignore: options.gitignore,
    ignoreFiles: ['**/.rlmignore'],
    ignore: ALWAYS_SKIPPED.filter(
      (pattern) => !includesSpecial(pattern.includes('node_modules') ? 'node_modules' : '.git'),
    ),
  };
}

/** `--include` keeps only matching files, `--exclude` drops matches; a pattern without `/` matches the file name. */
function filter(files: string[], options: ContextLoadOptions): string[] {
  const matches = (file: string, pattern: string) =>
    path.matchesGlob(pattern.includes('/') ? file : path.basename(file), pattern);
  return files.filter(
    (file) =>
      (options.include.length === 0 || options.include.some((pattern) => matches(file, pattern))) &&
      !options.exclude.some((pattern) => matches(file, pattern)),
  );
}
