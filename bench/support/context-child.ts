// One measurement of `npm run bench:context`, in a fresh process so its peak RSS is its own:
//   node bench/support/context-child.ts floor|rlm <dir>
// `floor`: a recursive readdir plus 64 parallel reads of every file, the plainest way Node can read a tree.
// `rlm`: `loadContext` exactly as `rlm ask --context <dir>` calls it (ignore files, sniffing, decoding).
// Prints one JSON line: { ms, maxRssMb, files, bytes }.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { loadContext } from '../../src/cli/context/load-context.ts';

const [mode, dir] = process.argv.slice(2);
if (!dir || (mode !== 'floor' && mode !== 'rlm')) throw new Error('usage: context-child.ts floor|rlm <dir>');

async function floor(): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(dir!, { recursive: true, withFileTypes: true });
  const limit = pLimit(64);
  const contents = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => limit(() => readFile(path.join(entry.parentPath, entry.name)))),
  );
  return { files: contents.length, bytes: contents.reduce((sum, content) => sum + content.length, 0) };
}

async function rlm(): Promise<{ files: number; bytes: number }> {
  const loaded = await loadContext({
    cwd: dir!,
    specs: ['.'],
    readStdin: () => Promise.reject(new Error('no stdin in this benchmark')),
    gitignore: true,
    include: [],
    exclude: [],
    hidden: false,
    maxFileBytes: 32 * 2 ** 20,
    maxContextBytes: 2 ** 30,
  });
  return { files: loaded.files, bytes: loaded.bytes };
}

const started = performance.now();
const counted = mode === 'floor' ? await floor() : await rlm();
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...counted }));
