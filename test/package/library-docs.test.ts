// The package as a TypeScript user meets it: the packed tarball's declarations type-check in a strict nodenext
// project with no `any`, every public function is documented in docs/library.md, and every example there compiles
// against the packed package and runs (against the scripted server, through the providers' real HTTP clients).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as publicEntry from '../../src/engine/index.ts';
import { startTestServer, type TestServer } from '../support/openai-test-server.ts';
import { isRootRequest, repl, turnOf } from '../cli/helpers.ts';
import { codeBlocks, createConsumer, ROOT, type Consumer } from './packed-package.ts';

const run = promisify(execFile);
const docs = readFileSync(path.join(ROOT, 'docs', 'library.md'), 'utf8');
const examples = codeBlocks(docs).filter((block) => block.code.includes("from 'rlm'"));

/** Every export of the public entry must be usable without `any` leaking out of the package. */
const NO_ANY = `import * as rlm from 'rlm';
type IsAny<T> = 0 extends 1 & T ? true : false;
type Exports = typeof rlm;
type Fn = (...args: never[]) => unknown;
type Leaks<T> = IsAny<T> extends true ? true : T extends Fn ? (IsAny<ReturnType<T>> extends true ? true : true extends { [K in keyof Parameters<T>]: IsAny<Parameters<T>[K]> }[number] ? true : false) : false;
type Leaking = { [K in keyof Exports]: Leaks<Exports[K]> extends true ? K : never }[keyof Exports];
export const noLeaks: [Leaking] extends [never] ? true : Leaking = true;
export const typed: IsAny<rlm.RlmResult['trajectory'][number]> = false;
export const config: IsAny<rlm.RlmConfig['resolveModel']> = false;
`;

let consumer: Consumer;
let server: TestServer;
beforeAll(async () => {
  consumer = createConsumer();
  // A root model that explores for one turn (a cell with a sub-call), then answers.
  server = await startTestServer((request) => {
    if (!isRootRequest(request)) return { text: 'a sub-model answer' };
    return turnOf(request) === 1
      ? {
          text: repl(
            "print(String(context).length); print(await llm_query('Summarise: ' + String(context).slice(0, 40)))",
          ),
        }
      : { text: 'FINAL(the documented answer)' };
  });
});
afterAll(async () => {
  consumer?.cleanup();
  await server?.close();
});

describe('the packed package', () => {
  it('ships declarations: package.json types and exports point at them, the tarball holds them', () => {
    const manifest = JSON.parse(readFileSync(path.join(consumer.dir, 'node_modules/rlm/package.json'), 'utf8'));
    expect(manifest.types).toBe('dist/types/engine/index.d.ts');
    expect(manifest.exports['.']).toEqual({ types: './dist/types/engine/index.d.ts', default: './dist/index.js' });
    const declarations = readdirSync(path.join(consumer.dir, 'node_modules/rlm/dist/types'), { recursive: true });
    expect(declarations).toContain(path.join('engine', 'index.d.ts'));
  });

  it('no `any` in the shipped declarations (comments aside)', () => {
    const dir = path.join(consumer.dir, 'node_modules/rlm/dist/types');
    const offenders = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.d.ts'))
      .filter((file) => {
        const code = readFileSync(path.join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        return /\bany\b/.test(code);
      });
    expect(offenders).toEqual([]);
  });

  it('the examples of docs/library.md and a no-any probe type-check with strict + nodenext against it', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    examples.forEach((example, index) => consumer.write(`examples/example-${index + 1}.ts`, example.code));
    consumer.write('no-any.ts', NO_ANY);
    const result = consumer.typecheck();
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('a wrong use of the API is a type error (the check is not vacuous)', () => {
    const probe = consumer.write('wrong.ts', "import { createRlm } from 'rlm';\ncreateRlm({ model: 42 });\n");
    const result = consumer.typecheck();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('wrong.ts');
    consumer.write(path.relative(consumer.dir, probe), 'export {};\n');
  });

  it('every public function and value is documented under a heading of docs/library.md', () => {
    const headings = docs.split('\n').filter((line) => line.startsWith('### '));
    const undocumented = Object.keys(publicEntry).filter(
      (name) => !headings.some((heading) => new RegExp(`\\b${name}\\b`).test(heading)),
    );
    expect(undocumented).toEqual([]);
  });

  it.for(examples.map((example, index) => ({ ...example, index: index + 1 })))(
    'example $index ($heading) runs',
    async ({ index }) => {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--no-node-snapshot', path.join(consumer.dir, 'examples', `example-${index}.ts`)],
        {
          cwd: consumer.dir,
          env: { PATH: process.env.PATH, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseURL },
        },
      );
      expect(stderr).toBe('');
      expect(stdout.trim()).not.toBe('');
    },
  );
});
