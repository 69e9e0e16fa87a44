// Bundles the CLI into one ES module so `rlm --help` starts fast; native and heavy lazy-loaded
// packages stay external and resolve from node_modules at run time.
import { build, type BuildOptions } from 'esbuild';
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

await Promise.all([
  // Code splitting lets the CLI load a command's heavy dependencies only when that command runs.
  build({
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...shared, entryPoints: { index: 'src/engine/index.ts' }, outdir: 'dist' }),
]);
