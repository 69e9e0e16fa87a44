import { stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { usageError } from '../exit-codes.ts';
import { walkTree, type WalkFs, type WalkResult } from './walk-tree.ts';

export interface ExpandOptions {
  cwd: string;
  gitignore: boolean;
  hidden: boolean;
  /** `--include` patterns: naming `node_modules` or `.git` lets the walk enter them. */
  include: string[];
  fs?: WalkFs;
}

export interface Expanded {
  kind: 'file' | 'directory' | 'glob';
  /** Absolute paths of the files found. */
  files: string[];
  /** Directories that could not be read (absolute, with a trailing `/`), with the error code. */
  unreadable: WalkResult['unreadable'];
}

const ALWAYS_SKIPPED = ['node_modules', '.git'];

/**
 * One `--context` value: a file, a directory (walked with its ignore files), or a glob. A glob is a directory walk
 * from its static base (`/data/tree` for `/data/tree/**\/*.txt`) filtered by the pattern, so the tree's own ignore
 * files apply wherever rlm runs, and a glob never loads a file that its directory would not.
 */
export async function expandSpec(spec: string, options: ExpandOptions): Promise<Expanded> {
  const absolute = path.resolve(options.cwd, spec);
  const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
  if (!(info instanceof Error)) {
    if (info.isFile()) return { kind: 'file', files: [absolute], unreadable: [] };
    if (info.isDirectory()) return { kind: 'directory', ...(await walk(absolute, options)) };
    throw usageError(`--context ${spec}: not a regular file or directory`);
  }
  const scanned = picomatch.scan(spec);
  if (scanned.isGlob) {
    const base = path.resolve(options.cwd, scanned.base || '.');
    const matches = picomatch(scanned.glob, { dot: options.hidden });
    // Without `**` the pattern cannot match deeper than its own number of segments.
    const maxDepth = scanned.glob.includes('**') ? undefined : scanned.glob.split('/').length - 1;
    const baseIsDirectory = await stat(base).then(
      (found) => found.isDirectory(),
      () => false,
    );
    const walked = baseIsDirectory ? await walk(base, options, maxDepth) : { files: [], unreadable: [] };
    const files = walked.files.filter((file) => matches(path.relative(base, file).split(path.sep).join('/')));
    if (files.length === 0 && walked.unreadable.length === 0)
      throw usageError(`--context ${spec}: the glob matched no files`);
    return { kind: 'glob', files, unreadable: walked.unreadable };
  }
  const reason =
    info.code === 'ENOENT' ? 'no such file or directory' : info.code === 'EACCES' ? 'permission denied' : info.message;
  throw usageError(`--context ${spec}: cannot read (${reason})`);
}

async function walk(root: string, options: ExpandOptions, maxDepth?: number) {
  const wanted = (name: string) => options.include.some((pattern) => pattern.includes(name));
  const walked = await walkTree(root, {
    gitignore: options.gitignore,
    hidden: options.hidden,
    skipDirectories: new Set(ALWAYS_SKIPPED.filter((name) => !wanted(name))),
    maxDepth,
    fs: options.fs,
  });
  return {
    files: walked.files.map((file) => path.join(root, file)),
    unreadable: walked.unreadable.map((entry) => ({ ...entry, path: path.join(root, entry.path) })),
  };
}
