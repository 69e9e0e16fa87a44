import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sandbox process's entry file and the directories it may read (its own code and its dependencies). */
export interface SandboxEntry {
  file: string;
  readRoots: string[];
}

/**
 * Where the entry is: next to this file when running from source (`.ts`), `sandbox-process.js` at the top of
 * `dist` when bundled (this code then lives in `dist/index.js` or `dist/chunks/…`).
 */
export function findSandboxEntry(here: string = import.meta.url): SandboxEntry {
  const candidates = here.endsWith('.ts')
    ? [new URL('./sandbox-process-main.ts', here)]
    : [new URL('./sandbox-process.js', here), new URL('../sandbox-process.js', here)];
  const found = candidates.map((url) => fileURLToPath(url)).find((file) => existsSync(file));
  if (!found) throw new Error(`the sandbox process entry is missing (looked for ${candidates.join(', ')})`);
  const packageRoot = here.endsWith('.ts') ? join(dirname(found), '..', '..', '..', '..') : join(dirname(found), '..');
  // isolated-vm (a native addon) and its loader may be hoisted into a node_modules above this package.
  const addon = createRequire(here).resolve('isolated-vm');
  const modules = addon.slice(0, addon.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
  return { file: found, readRoots: [...new Set([packageRoot, modules])] };
}

/**
 * Node flags of the sandbox process. isolated-vm needs `--no-node-snapshot`. The permission model is a second wall
 * behind the isolate: reads only of the code it runs, no file writes, no child processes, no worker threads
 * (Node 24 has no network permission; the process gets no environment, so no credentials). Addons must be allowed
 * for isolated-vm itself.
 */
export function sandboxExecArgv(entry: SandboxEntry, heapLimitMb: number): string[] {
  return [
    '--no-node-snapshot',
    '--permission',
    '--allow-addons',
    ...entry.readRoots.map((root) => `--allow-fs-read=${root}`),
    // node-gyp-build probes this file to pick a prebuilt binary.
    '--allow-fs-read=/etc/alpine-release',
    '--disable-warning=SecurityWarning',
    `--max-old-space-size=${Math.ceil(heapLimitMb)}`,
  ];
}
