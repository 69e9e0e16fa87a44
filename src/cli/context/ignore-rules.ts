import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The rules of one directory's `.gitignore` and `.rlmignore`, applied to paths below that directory. */
export interface IgnoreLayer {
  /** Maps a path relative to the walk's root to one relative to this layer's directory. */
  relative: (fromRoot: string) => string;
  rules: Ignore;
}

export const IGNORE_FILES = { git: '.gitignore', rlm: '.rlmignore' } as const;

/** Rules from one directory's ignore files (`.rlmignore` after `.gitignore`, so it can re-include with `!`). */
export function layerFor(contents: string[], relative: IgnoreLayer['relative']): IgnoreLayer | undefined {
  const nonEmpty = contents.filter((content) => content.trim() !== '');
  if (nonEmpty.length === 0) return undefined;
  // One `add` per file: given an array, `ignore` takes each element as a single pattern.
  const rules = ignore();
  for (const content of nonEmpty) rules.add(content);
  return { relative, rules };
}

/**
 * Whether `fromRoot` (a path below the walk's root, `/`-separated, with a trailing `/` for directories) is ignored:
 * the layers go from the outermost directory inwards and a deeper file's rule, negations included, wins — as in git.
 */
export function isIgnored(layers: readonly IgnoreLayer[], fromRoot: string): boolean {
  let ignored = false;
  for (const layer of layers) {
    const result = layer.rules.test(layer.relative(fromRoot));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** A layer's view of paths below the walk's root, for a layer `below` (a `/`-path under the root, '' for the root). */
export const belowRoot = (below: string) =>
  below === '' ? (fromRoot: string) => fromRoot : (fromRoot: string) => fromRoot.slice(below.length + 1);

/** A layer's view for a directory above the root: the root is at `prefix` (e.g. `tree/`) from it. */
export const aboveRoot = (prefix: string) => (fromRoot: string) => prefix + fromRoot;

/** `/`-separated form of a relative path, whatever the platform. */
export const toPosix = (relative: string) => relative.split(path.sep).join('/');
