// npm run bench:context — loading a 50,000-file tree as `rlm ask --context <dir>` does (globby with .gitignore,
// binary sniffing, UTF-8 decoding, 32 reads at a time). The tree is generated in a temporary folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadContext } from '../src/cli/context/load-context.ts';

const FILES = 50_000;
const root = mkdtempSync(path.join(tmpdir(), 'rlm-bench-context-'));
for (let index = 0; index < FILES; index += 1) {
  const dir = path.join(root, `pkg-${index % 100}`, `mod-${Math.floor(index / 100) % 50}`);
  if (index < 5000) mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `file-${index}.ts`),
    `export const value${index} = ${index};\n// ${'lorem ipsum '.repeat(60)}\n`,
  );
}
writeFileSync(path.join(root, '.gitignore'), 'pkg-99/\n');
const samples: number[] = [];
let last;
for (let run = 0; run < 3; run += 1) {
  const started = performance.now();
  last = await loadContext({
    cwd: root,
    specs: ['.'],
    readStdin: async () => '',
    gitignore: true,
    include: [],
    exclude: [],
    hidden: false,
    maxFileBytes: 32 * 2 ** 20,
    maxContextBytes: 2 ** 30,
  });
  samples.push(performance.now() - started);
}
rmSync(root, { recursive: true, force: true });
const median = samples.toSorted((a, b) => a - b)[1] ?? 0;
console.log(
  `context     ${FILES.toLocaleString('en-US')}-file tree (${last?.files.toLocaleString('en-US')} loaded after .gitignore, ${((last?.bytes ?? 0) / 2 ** 20).toFixed(1)} MB): ${median.toFixed(0)} ms median of 3 (warm page cache)`,
);
