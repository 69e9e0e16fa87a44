// The directory walk and decoding behind `--context`, called directly: failures a test cannot cause for real
// (these tests run as root, so chmod does not block a read) come through an injected file system.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { decodeText } from '../../src/cli/context/decode.ts';
import { loadContext, type ContextLoadOptions } from '../../src/cli/context/load-context.ts';
import { nodeWalkFs, type WalkFs } from '../../src/cli/context/walk-tree.ts';

function makeTree(files: Record<string, string>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'rlm-walk-test-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const options = (cwd: string, overrides: Partial<ContextLoadOptions> = {}): ContextLoadOptions => ({
  cwd,
  specs: ['proj'],
  readStdin: () => Promise.reject(new Error('stdin is not used here')),
  gitignore: true,
  include: [],
  exclude: [],
  hidden: false,
  maxFileBytes: 2 ** 20,
  maxContextBytes: 2 ** 30,
  ...overrides,
});

/** A file system on which reading `blocked` fails with EACCES, as an unreadable directory does. */
function denying(blocked: string): WalkFs {
  const denied = () => Object.assign(new Error(`EACCES: permission denied, scandir '${blocked}'`), { code: 'EACCES' });
  return { ...nodeWalkFs, readdir: (dir) => (dir === blocked ? Promise.reject(denied()) : nodeWalkFs.readdir(dir)) };
}

describe('loadContext: an unreadable directory (issue 13)', () => {
  it('is reported as skipped (unreadable: permission denied) and the rest of the tree still loads', async ({
    expect,
    onTestFinished,
  }) => {
    const tree = makeTree({ 'proj/a.txt': 'a\n', 'proj/locked/secret.txt': 's\n', 'proj/open/b.txt': 'b\n' });
    onTestFinished(tree.cleanup);

    const loaded = await loadContext(options(tree.root, { fs: denying(path.join(tree.root, 'proj', 'locked')) }));

    expect(loaded.context).toEqual([
      { path: 'proj/a.txt', content: 'a\n' },
      { path: 'proj/open/b.txt', content: 'b\n' },
    ]);
    expect(loaded.skipped).toEqual([
      { path: 'proj/locked/', reason: 'unreadable', detail: 'permission denied (EACCES)' },
    ]);
  });

  it('a glob whose tree is unreadable below its base says so instead of failing', async ({
    expect,
    onTestFinished,
  }) => {
    const tree = makeTree({ 'proj/a.txt': 'a\n', 'proj/locked/secret.txt': 's\n' });
    onTestFinished(tree.cleanup);

    const loaded = await loadContext(
      options(tree.root, { specs: ['proj/**/*.txt'], fs: denying(path.join(tree.root, 'proj', 'locked')) }),
    );

    expect(loaded.context).toEqual([{ path: 'proj/a.txt', content: 'a\n' }]);
    expect(loaded.skipped.map((skip) => skip.path)).toEqual(['proj/locked/']);
  });
});

describe('loadContext: ignore rules', () => {
  it('a deeper ignore file re-includes with `!`, and .rlmignore applies even with gitignore off', async ({
    expect,
    onTestFinished,
  }) => {
    const tree = makeTree({
      'proj/.gitignore': '*.log\n',
      'proj/sub/.gitignore': '!keep.log\n',
      'proj/.rlmignore': 'scratch/\n',
      'proj/a.log': 'ignored\n',
      'proj/sub/keep.log': 'kept\n',
      'proj/sub/drop.log': 'ignored\n',
      'proj/scratch/x.txt': 'ignored by .rlmignore\n',
    });
    onTestFinished(tree.cleanup);

    const withGit = await loadContext(options(tree.root));
    expect((withGit.context as Array<{ path: string }>).map((doc) => doc.path)).toEqual(['proj/sub/keep.log']);

    const withoutGit = await loadContext(options(tree.root, { gitignore: false }));
    expect((withoutGit.context as Array<{ path: string }>).map((doc) => doc.path)).toEqual([
      'proj/a.log',
      'proj/sub/drop.log',
      'proj/sub/keep.log',
    ]);
  });

  it("the enclosing repository's .gitignore applies below it, but never to the directory the user named", async ({
    expect,
    onTestFinished,
  }) => {
    const tree = makeTree({
      'repo/.gitignore': '*.tmp\ngenerated/\n',
      'repo/src/a.ts': 'a\n',
      'repo/src/b.tmp': 'ignored by the top .gitignore\n',
      'repo/generated/c.ts': 'named explicitly\n',
    });
    mkdirSync(path.join(tree.root, 'repo', '.git'));
    onTestFinished(tree.cleanup);

    const src = await loadContext(options(tree.root, { specs: ['repo/src'] }));
    expect((src.context as Array<{ path: string }>).map((doc) => doc.path)).toEqual(['repo/src/a.ts']);

    const generated = await loadContext(options(tree.root, { specs: ['repo/generated'] }));
    expect((generated.context as Array<{ path: string }>).map((doc) => doc.path)).toEqual(['repo/generated/c.ts']);
  });
});

describe('decodeText', () => {
  it('UTF-16 with a BOM (LE and BE) is text; a UTF-8 BOM is dropped; NUL without a BOM is binary', ({ expect }) => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')]);
    const be = Buffer.from(le).swap16();
    expect(decodeText(le)).toEqual({ binary: false, text: 'héllo', encoding: 'utf-16le', repaired: false });
    expect(decodeText(be)).toEqual({ binary: false, text: 'héllo', encoding: 'utf-16be', repaired: false });
    expect(decodeText(Buffer.from('\uFEFFtext'))).toMatchObject({ text: 'text', repaired: false });
    expect(decodeText(Buffer.from('héllo', 'utf16le'))).toEqual({ binary: true });
    expect(decodeText(Uint8Array.from([0x63, 0xe9]))).toMatchObject({ text: 'c\uFFFD', repaired: true });
  });
});
