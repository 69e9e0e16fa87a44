import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { aboveRoot, belowRoot, IGNORE_FILES, isIgnored, layerFor, toPosix, type IgnoreLayer } from './ignore-rules.ts';

/** The file-system calls the walk makes; tests inject failures (an unreadable directory) through it. */
export interface WalkFs {
  readdir(dir: string): Promise<Dirent[]>;
  readFile(file: string): Promise<string>;
  stat(file: string): Promise<Stats>;
}

export const nodeWalkFs: WalkFs = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  readFile: (file) => readFile(file, 'utf8'),
  stat: (file) => stat(file),
};

export interface WalkOptions {
  /** Apply `.gitignore` files (`.rlmignore` files always apply). */
  gitignore: boolean;
  /** Include dot-files and dot-directories. */
  hidden: boolean;
  /** Directory names never entered (`node_modules`, `.git`). */
  skipDirectories: ReadonlySet<string>;
  /** Levels below the root to enter (a glob without `**` needs only its own depth). */
  maxDepth?: number;
  fs?: WalkFs;
}

export interface WalkResult {
  /** Files below the root, `/`-separated paths relative to it, in no particular order. */
  files: string[];
  /** Directories (and ignore files) that could not be read, relative to the root, with the error code. */
  unreadable: Array<{ path: string; code: string }>;
}

const PARALLEL_DIRECTORIES = 16;

/**
 * Lists the files under `root` as git would: every `.gitignore` and `.rlmignore` from the root down (and the
 * `.gitignore`s between the enclosing repository's top and the root) applies, ignored directories are not entered,
 * directory links are not followed (loops stay harmless) while linked files are listed. An unreadable directory is
 * reported and the walk goes on.
 */
export async function walkTree(root: string, options: WalkOptions): Promise<WalkResult> {
  const fs = options.fs ?? nodeWalkFs;
  const files: string[] = [];
  const unreadable: WalkResult['unreadable'] = [];
  const readIgnoreFile = (file: string, fromRoot: string) =>
    fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') unreadable.push({ path: fromRoot, code: error.code ?? String(error) });
      return '';
    });

  const parentLayers = await layersAboveRoot(root, options, fs);
  const pending: Array<{ dir: string; fromRoot: string; depth: number; layers: IgnoreLayer[] }> = [
    { dir: root, fromRoot: '', depth: 0, layers: parentLayers },
  ];
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (active < PARALLEL_DIRECTORIES && pending.length > 0) {
        const next = pending.pop()!;
        active += 1;
        visit(next).then(() => {
          active -= 1;
          if (active === 0 && pending.length === 0) resolve();
          else pump();
        }, reject);
      }
    };
    pump();
  });
  return { files, unreadable };

  async function visit({ dir, fromRoot, depth, layers }: (typeof pending)[number]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir);
    } catch (error) {
      unreadable.push({ path: `${fromRoot}/`, code: (error as NodeJS.ErrnoException).code ?? String(error) });
      return;
    }
    const prefix = fromRoot === '' ? '' : `${fromRoot}/`;
    const names = new Set(entries.map((entry) => entry.name));
    const contents = await Promise.all(
      ignoreFileNames(options)
        .filter((name) => names.has(name))
        .map((name) => readIgnoreFile(path.join(dir, name), prefix + name)),
    );
    const own = layerFor(contents, belowRoot(fromRoot));
    const here = own ? [...layers, own] : layers;

    for (const entry of entries) {
      if (!options.hidden && entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(full).catch(() => undefined);
        isFile = target?.isFile() ?? false;
        isDirectory = false;
      }
      const relative = prefix + entry.name;
      if (isDirectory) {
        if (options.skipDirectories.has(entry.name) || depth + 1 > (options.maxDepth ?? Infinity)) continue;
        if (!isIgnored(here, `${relative}/`))
          pending.push({ dir: full, fromRoot: relative, depth: depth + 1, layers: here });
      } else if (isFile && !isIgnored(here, relative)) files.push(relative);
    }
  }
}

/**
 * The `.gitignore` (and `.rlmignore`) files between the repository's top directory and the root, when the root lies
 * inside a repository — unless they ignore the root itself: a directory the user names is read.
 */
async function layersAboveRoot(root: string, options: WalkOptions, fs: WalkFs): Promise<IgnoreLayer[]> {
  const isRepositoryTop = (dir: string) =>
    fs.stat(path.join(dir, '.git')).then(
      () => true,
      () => false,
    );
  if (await isRepositoryTop(root)) return [];
  const ancestors: string[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    ancestors.unshift(dir);
    if (await isRepositoryTop(dir)) break;
    if (path.dirname(dir) === dir) return [];
  }

  const names = ignoreFileNames(options);
  const layers: IgnoreLayer[] = [];
  for (const ancestor of ancestors) {
    const contents = await Promise.all(names.map((name) => fs.readFile(path.join(ancestor, name)).catch(() => '')));
    const layer = layerFor(contents, aboveRoot(`${toPosix(path.relative(ancestor, root))}/`));
    if (layer) layers.push(layer);
  }
  const rootItself = '';
  return isIgnored(layers, rootItself) ? [] : layers;
}

const ignoreFileNames = (options: WalkOptions): string[] =>
  options.gitignore ? [IGNORE_FILES.git, IGNORE_FILES.rlm] : [IGNORE_FILES.rlm];
