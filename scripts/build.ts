// Bundles the CLI into one ES module so `rlm --help` starts fast; native and heavy lazy-loaded
// packages stay external and resolve from node_modules at run time. The library entry also gets its type
// declarations (dist/types), emitted by tsc from src/engine/index.ts.
import { build, type BuildOptions } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const shared: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // isolated-vm is a native addon; amaro is a large wasm blob loaded only for TypeScript cells.
  external: ['isolated-vm', 'amaro'],
  // React's production build: the development one costs the live view a large share of the run's CPU.
  define: { 'process.env.NODE_ENV': '"production"' },
  // ink imports react-devtools-core only when DEV is set; keep it out of the bundle.
  alias: { 'react-devtools-core': './scripts/empty-module.ts' },
  // Bundled CommonJS dependencies still call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire as __rlmCreateRequire } from 'node:module'; const require = __rlmCreateRequire(import.meta.url);",
  },
};

// A clean slate: chunk names carry content hashes, so stale chunks of earlier builds would pile up and ship.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

await Promise.all([
  // Code splitting lets the CLI load a command's heavy dependencies only when that command runs. The live view's
  // process (src/ui/live-view) is an entry of the same build: it shares the UI's chunks, found above dist/chunks.
  build({
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts', 'live-view': 'src/ui/live-view/view-entry.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...shared, entryPoints: { index: 'src/engine/index.ts' }, outdir: 'dist' }),
  // The sandbox process's entry (src/engine/repl/process): found next to dist/index.js and above dist/chunks.
  build({
    ...shared,
    entryPoints: { 'sandbox-process': 'src/engine/repl/process/sandbox-process-main.ts' },
    outdir: 'dist',
  }),
]);

emitDeclarations();

/**
 * TypeScript 7 (native) emits declarations but keeps the sources' `.ts` import specifiers; consumers resolve
 * `./x.js` to `./x.d.ts`, so the specifiers are rewritten after emit.
 */
function emitDeclarations(): void {
  const out = path.join(root, 'dist', 'types');
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.tsx?(['"])/g, '$1$2.js$3');
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}
