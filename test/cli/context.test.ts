// `rlm ask` context loading end to end: stdin, directories with ignore files, globs, several sources, and the
// files that are skipped or refused. What the model can see is read back from what it printed in the sandbox.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, it } from 'vitest';
import {
  assertBuilt,
  ROOT,
  ROOT_MODEL,
  SEVERAL_RUNS_TIMEOUT_MS,
  serveSandbox,
  probeScript,
  probeValue,
  protocolScript,
  repl,
  rootRequests,
  runRlm,
  type Sandbox,
} from './helpers.ts';

beforeAll(assertBuilt);

const PATHS = 'context.map((d) => d.path)';
const MODULE_RECORDER = path.join(ROOT, 'test', 'support', 'record-modules.ts');

/** A project with nested ignore files, dependencies, hidden files and build output. */
function writeProject(sandbox: Sandbox): void {
  sandbox.write('proj/.gitignore', '*.log\nbuild/\n');
  sandbox.write('proj/.rlmignore', 'notes.tmp\n');
  sandbox.write('proj/a.ts', 'export const a = 1;\n');
  sandbox.write('proj/b.md', '# B\n');
  sandbox.write('proj/debug.log', 'ignored by .gitignore\n');
  sandbox.write('proj/build/out.js', 'ignored directory\n');
  sandbox.write('proj/notes.tmp', 'ignored by .rlmignore\n');
  sandbox.write('proj/sub/.gitignore', 'secret.txt\n');
  sandbox.write('proj/sub/secret.txt', 'ignored by the nested .gitignore\n');
  sandbox.write('proj/sub/keep.txt', 'kept\n');
  sandbox.write('proj/sub/deeper/z.txt', 'deep\n');
  sandbox.write('proj/node_modules/pkg/index.js', 'dependency\n');
  sandbox.write('proj/.hidden.txt', 'hidden file\n');
  sandbox.write('proj/.config/settings.txt', 'hidden directory\n');
}

describe.concurrent('rlm ask: context sources', { timeout: SEVERAL_RUNS_TIMEOUT_MS }, () => {
  it('reads piped stdin as the context when no --context is given, and prints only the answer on stdout', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, ask } = await serveSandbox(
      protocolScript([repl("print('LEN', typeof context, context.length)"), 'FINAL(forty-two)']),
      onTestFinished,
    );
    const piped = 'first line of the piped log\nsecond line\n';

    const result = await ask(['how long is it?'], { stdin: piped });

    expect(result.stderr).toContain('context: 1 file');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('forty-two\n');
    const [first, second] = rootRequests(server);
    expect(first?.messages.at(-1)?.content).toContain('Question: how long is it?');
    expect(second?.messages.at(-1)?.content).toContain(`LEN string ${piped.length}`);
    // The root model never receives the context itself, only its shape.
    expect(JSON.stringify(first?.messages)).not.toContain('second line');
    expect(result.stderr).toMatch(/log: .*\.jsonl/);
  });

  it('walks a directory: .gitignore (nested too) and .rlmignore respected, node_modules and hidden files skipped, paths relative and sorted', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    writeProject(sandbox);

    const result = await ask(['--context', './proj', 'what is in the project?']);

    expect(result.stderr).toContain('context: 4 files');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('the answer\n');
    expect(probeValue(server)).toEqual(['proj/a.ts', 'proj/b.md', 'proj/sub/deeper/z.txt', 'proj/sub/keep.txt']);
    // The question is the positional word after the directory, not swallowed by --context.
    expect(rootRequests(server)[0]?.messages.at(-1)?.content).toContain('Question: what is in the project?');
  });

  it('--no-gitignore loads what .gitignore excludes, but still not .rlmignore, node_modules or hidden files', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    writeProject(sandbox);

    const result = await ask(['-c', 'proj', '--no-gitignore', 'q']);

    expect(result.code).toBe(0);
    expect(probeValue(server)).toEqual([
      'proj/a.ts',
      'proj/b.md',
      'proj/build/out.js',
      'proj/debug.log',
      'proj/sub/deeper/z.txt',
      'proj/sub/keep.txt',
      'proj/sub/secret.txt',
    ]);
  });

  it('--hidden loads dot-files (never .git); --include of node_modules loads dependencies', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    writeProject(sandbox);
    sandbox.write('proj/.git/config', '[core]\n');

    const hidden = await ask(['-c', 'proj', '--hidden', 'q']);
    expect(hidden.code).toBe(0);
    expect(probeValue(server)).toEqual([
      'proj/.config/settings.txt',
      'proj/.gitignore',
      'proj/.hidden.txt',
      'proj/.rlmignore',
      'proj/a.ts',
      'proj/b.md',
      'proj/sub/.gitignore',
      'proj/sub/deeper/z.txt',
      'proj/sub/keep.txt',
    ]);

    server.requests.length = 0;
    const deps = await ask(['-c', 'proj', '--include', '**/node_modules/**', 'q']);
    expect(deps.code).toBe(0);
    expect(probeValue(server)).toEqual(['proj/node_modules/pkg/index.js']);
  });

  it('--include keeps only matching files and --exclude drops matches (by name without a slash, by path with one)', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    writeProject(sandbox);

    const result = await ask([
      '-c',
      'proj',
      '--include',
      '*.txt',
      '--include',
      '*.md',
      '--exclude',
      'proj/sub/deeper/**',
      'q',
    ]);

    expect(result.code).toBe(0);
    expect(probeValue(server)).toEqual(['proj/b.md', 'proj/sub/keep.txt']);
  });

  it('expands a glob (-c "src/**/*.ts") to documents with relative paths', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    sandbox.write('src/main.ts', 'main\n');
    sandbox.write('src/lib/util.ts', 'util\n');
    sandbox.write('src/lib/legacy.js', 'legacy\n');
    sandbox.write('src/README.md', 'readme\n');
    sandbox.write('other.ts', 'outside the glob\n');

    const result = await ask(['-c', 'src/**/*.ts', 'which modules exist?']);

    expect(result.stderr).toContain('context: 2 files');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('the answer\n');
    expect(probeValue(server)).toEqual(['src/lib/util.ts', 'src/main.ts']);
  });

  it('repeated -c combines files, a directory and stdin into one sorted document list', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(
      probeScript('context.map((d) => [d.path, d.content])'),
      onTestFinished,
    );
    sandbox.write('notes.txt', 'notes\n');
    sandbox.write('docs/guide.md', 'guide\n');
    sandbox.write('docs/api.md', 'api\n');

    const result = await ask(['-c', 'notes.txt', '-c', 'docs', '-c', '-', 'summarise'], { stdin: 'piped text' });

    expect(result.code).toBe(0);
    expect(probeValue(server)).toEqual([
      ['<stdin>', 'piped text'],
      ['docs/api.md', 'api\n'],
      ['docs/guide.md', 'guide\n'],
      ['notes.txt', 'notes\n'],
    ]);
  });

  it('one file gives a string context', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript('[typeof context, context]'), onTestFinished);
    sandbox.write('data/only.txt', 'just this\n');

    const result = await ask(['-c', 'data/only.txt', 'q']);

    expect(result.code).toBe(0);
    expect(probeValue(server)).toEqual(['string', 'just this\n']);
  });
});

describe.concurrent('rlm ask: files that are skipped or refused', () => {
  it('skips binary and over-size files (reported on stderr) and repairs invalid UTF-8 (reported)', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(
      probeScript("context.map((d) => [d.path, d.content.includes('\\uFFFD')])"),
      onTestFinished,
    );
    sandbox.write('proj/app.ts', 'const ok = true;\n');
    sandbox.write(
      'proj/logo.png',
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    );
    sandbox.write('proj/latin1.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
    sandbox.write('proj/huge.txt', 'x'.repeat(3000));

    const result = await ask(['-c', 'proj', '--max-file-bytes', '2k', 'q']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('the answer\n');
    expect(result.stderr).toContain('context: 2 files');
    expect(result.stderr).toContain('2 skipped');
    expect(result.stderr).toMatch(/skipped proj\/logo\.png \(binary\)/);
    expect(result.stderr).toMatch(/skipped proj\/huge\.txt \(too_large: 2\.9 KB > 2\.0 KB\)/);
    expect(result.stderr).toMatch(/invalid UTF-8 replaced in proj\/latin1\.txt/);
    expect(probeValue(server)).toEqual([
      ['proj/app.ts', false],
      ['proj/latin1.txt', true],
    ]);
  });

  it('refuses a context over --max-context-bytes with exit 2, naming the largest files, before calling any model', async ({
    expect,
    onTestFinished,
  }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    sandbox.write('logs/big.log', 'b'.repeat(700));
    sandbox.write('logs/medium.log', 'm'.repeat(400));
    sandbox.write('logs/small.log', 's'.repeat(10));

    const result = await ask(['-c', 'logs', '--max-context-bytes', '1k', 'q']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('over the 1.0 KB limit (--max-context-bytes)');
    expect(result.stderr).toMatch(
      /Largest files: logs\/big\.log \(700 B\), logs\/medium\.log \(400 B\), logs\/small\.log \(10 B\)/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe.concurrent(
  'rlm ask: a glob follows the ignore files of the tree it reads (issue 10)',
  {
    timeout: SEVERAL_RUNS_TIMEOUT_MS,
  },
  () => {
    /** A tree outside the working directory, with nested .gitignore files and an .rlmignore. */
    function writeTree(sandbox: Sandbox, asRepository: boolean): string {
      const root = path.join(sandbox.base, 'data', 'tree');
      const write = (relative: string, content: string) => {
        mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        writeFileSync(path.join(root, relative), content);
      };
      if (asRepository) mkdirSync(path.join(root, '.git'), { recursive: true });
      write('.gitignore', 'ignored.txt\nbuild/\n');
      write('.rlmignore', 'draft.txt\n');
      write('a.txt', 'a\n');
      write('ignored.txt', 'ignored by the top .gitignore\n');
      write('draft.txt', 'ignored by .rlmignore\n');
      write('build/out.txt', 'in an ignored directory\n');
      write('notes.md', 'not a .txt file\n');
      write('sub/.gitignore', 'secret.txt\n');
      write('sub/secret.txt', 'ignored by the nested .gitignore\n');
      write('sub/b.txt', 'b\n');
      return root;
    }

    it.for([
      { tree: 'a plain directory', asRepository: false },
      { tree: 'a repository of its own', asRepository: true },
    ])(
      'in $tree: the same files from a working directory that is a git repository, from one that is not, and as a directory',
      async ({ asRepository }, { expect, onTestFinished }) => {
        const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
        const root = writeTree(sandbox, asRepository);
        const plain = path.join(sandbox.base, 'plain');
        mkdirSync(plain);
        const glob = `${root}/**/*.txt`;
        const expected = ['../data/tree/a.txt', '../data/tree/sub/b.txt'];

        // sandbox.cwd holds a .git directory: the CLI runs inside another repository.
        const fromRepository = await ask(['-c', glob, 'q']);
        expect(fromRepository.stderr).toContain('context: 2 files');
        expect(fromRepository.code).toBe(0);
        expect(probeValue(server)).toEqual(expected);

        server.requests.length = 0;
        const fromPlain = await ask(['-c', glob, 'q'], { cwd: plain });
        expect(fromPlain.code).toBe(0);
        expect(probeValue(server)).toEqual(expected);

        server.requests.length = 0;
        const directory = await ask(['-c', root, 'q']);
        expect(directory.code).toBe(0);
        expect(probeValue(server)).toEqual(['../data/tree/a.txt', '../data/tree/notes.md', '../data/tree/sub/b.txt']);
      },
    );

    it('a relative glob with a static base applies the rules from that base down, like its directory', async ({
      expect,
      onTestFinished,
    }) => {
      const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
      writeProject(sandbox);

      const result = await ask(['-c', 'proj/sub/**/*.txt', 'q']);

      expect(result.code).toBe(0);
      expect(probeValue(server)).toEqual(['proj/sub/deeper/z.txt', 'proj/sub/keep.txt']);
    });
  },
);

describe.concurrent('rlm ask: what a lone file that gives nothing says (issue 10)', () => {
  it.for([
    {
      name: 'a too-large file: its name, its size over the limit, and the flag that lets it in (exit 2)',
      files: { 'data/huge.txt': 'x'.repeat(3 * 1024 * 1024 + 512 * 1024) },
      args: ['-c', 'data/huge.txt', '--max-file-bytes', '2mb'],
      says: [
        'No context: data/huge.txt is 3.5 MB, 1.5 MB over the 2.0 MB per-file limit; raise it with --max-file-bytes 4mb',
      ],
    },
    {
      name: 'a binary file: its name and why',
      files: { 'logo.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]) },
      args: ['-c', 'logo.png'],
      says: ['No context: logo.png is binary (a NUL byte in its first 8 KB)'],
    },
    {
      name: 'a directory whose files were all skipped lists each with its reason',
      files: { 'd/big.txt': 'x'.repeat(3000), 'd/blob.bin': Uint8Array.from([1, 0, 2]) },
      args: ['-c', 'd', '--max-file-bytes', '2k'],
      says: [
        'No context: every file was empty or skipped:',
        'd/big.txt is 2.9 KB, 952 B over the 2.0 KB per-file limit',
        'd/blob.bin is binary',
      ],
    },
  ])('$name', async ({ files, args, says }, { expect, onTestFinished }) => {
    const { server, sandbox, ask } = await serveSandbox(probeScript(PATHS), onTestFinished);
    for (const [file, content] of Object.entries(files)) sandbox.write(file, content);

    const result = await ask([...args, 'q']);

    expect(result.code).toBe(2);
    for (const line of says) expect(result.stderr).toContain(line);
    expect(server.requests).toHaveLength(0);
  });
});

describe.concurrent('rlm ask: text encodings (issue 13)', () => {
  it('decodes UTF-16 files with a byte order mark, little- and big-endian', async ({ expect, onTestFinished }) => {
    const { server, sandbox, ask } = await serveSandbox(
      probeScript('context.map((d) => [d.path, d.content])'),
      onTestFinished,
    );
    const text = 'Grüße, 世界\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    sandbox.write('enc/le.txt', le);
    sandbox.write('enc/be.txt', be);

    const result = await ask(['-c', 'enc', 'q']);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('skipped');
    expect(probeValue(server)).toEqual([
      ['enc/be.txt', text],
      ['enc/le.txt', text],
    ]);
  });
});

describe.concurrent('rlm ask: the tokenizer loads only for exact counts (issue 14)', () => {
  it('a run shows an estimate without loading o200k; --estimate loads it and counts exactly', async ({
    expect,
    onTestFinished,
  }) => {
    const { sandbox, ask } = await serveSandbox(probeScript('context.length'), onTestFinished);
    sandbox.write('notes.txt', 'The quick brown fox jumps over the lazy dog.\n'.repeat(20));
    const moduleLog = path.join(sandbox.base, 'modules.log');
    const env = { NODE_OPTIONS: `--import=${pathToFileURL(MODULE_RECORDER).href}`, RLM_TEST_MODULE_LOG: moduleLog };
    const loaded = () => (existsSync(moduleLog) ? readFileSync(moduleLog, 'utf8') : '');

    const run = await ask(['-c', 'notes.txt', 'q'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/context: 1 file · 900 B · ≈\d+ tokens\n/);
    expect(loaded()).toContain('/dist/chunks/ask-'); // the recorder works
    expect(loaded()).not.toContain('o200k');

    const estimate = await runRlm(sandbox, ['ask', '-m', ROOT_MODEL, '-c', 'notes.txt', '--estimate', 'q'], { env });
    expect(estimate.code).toBe(0);
    expect(estimate.stdout).toMatch(/tokens: +200 \(o200k_base\)/);
    expect(loaded()).toContain('o200k');
  });
});
