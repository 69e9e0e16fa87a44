// A consumer project around the PACKED package (`npm pack`), as a user installs it: node_modules/rlm holds the
// tarball's files, the dependencies are linked from this checkout's node_modules (no network).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Consumer {
  dir: string;
  /** Writes a file relative to the project. */
  write(relative: string, text: string): string;
  /** Type-checks the project with strict + nodenext; returns tsc's output (empty when clean) and its exit code. */
  typecheck(): { code: number; output: string };
  cleanup(): void;
}

export function createConsumer(): Consumer {
  for (const built of ['dist/index.js', 'dist/types/engine/index.d.ts'])
    if (!existsSync(path.join(ROOT, built)))
      throw new Error(`${built} is missing: run \`npm run build\` first (\`npm test\` does it for you).`);
  const dir = mkdtempSync(path.join(tmpdir(), 'rlm-consumer-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  ) as Array<{ filename: string }>;
  const tarball = path.join(dir, packed[0]?.filename ?? '');
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, 'rlm'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', path.join(modules, 'rlm'), '--strip-components=1']);
  for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === 'rlm' || entry === '.bin' || entry.startsWith('.')) continue;
    symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  const write = (relative: string, text: string) => {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  write('package.json', JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'es2024',
        lib: ['es2024'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    }),
  );
  return {
    dir,
    write,
    typecheck() {
      try {
        const output = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
          encoding: 'utf8',
        });
        return { code: 0, output };
      } catch (error) {
        const failure = error as { status: number; stdout: string; stderr: string };
        return { code: failure.status, output: `${failure.stdout}${failure.stderr}` };
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The ```ts blocks of a markdown file, with the heading each sits under. */
export function codeBlocks(markdown: string): Array<{ heading: string; code: string }> {
  const blocks: Array<{ heading: string; code: string }> = [];
  let heading = '';
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    if (line.trim() !== '```ts') continue;
    const code: string[] = [];
    for (index++; index < lines.length && lines[index]?.trim() !== '```'; index++) code.push(lines[index] ?? '');
    blocks.push({ heading, code: code.join('\n') });
  }
  return blocks;
}
