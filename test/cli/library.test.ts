// The README's library example, exactly as printed, saved as app.ts in a project that depends on rlm and run with a
// plain `node app.ts` (no flags) against a local server: what a library user does first.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { assertBuilt, makeSandbox, protocolScript, repl, ROOT, serve, type CliResult } from './helpers.ts';

beforeAll(assertBuilt);

function readmeLibraryExample(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### As a library'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ```ts block under "### As a library"');
  return code;
}

describe('rlm as a library', () => {
  it('the README example runs with plain `node app.ts` and prints the answer', async ({ expect, onTestFinished }) => {
    const server = await serve(
      protocolScript([repl("print(context.split('\\n').length, 'lines')"), 'FINAL(checkout logs the most errors)']),
      onTestFinished,
    );
    const sandbox = await makeSandbox();
    onTestFinished(() => sandbox.cleanup());
    const project = path.join(sandbox.base, 'project');
    mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, path.join(project, 'node_modules', 'rlm'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
    writeFileSync(path.join(project, 'app.ts'), readmeLibraryExample());
    writeFileSync(path.join(project, 'service.log'), 'checkout ERROR timeout\nsearch INFO ok\n');

    const env = { ...sandbox.env, OPENAI_API_KEY: 'sk-test-library', OPENAI_BASE_URL: server.baseURL };
    const child = spawn(process.execPath, ['app.ts'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await new Promise<CliResult>((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });

    expect(result.stdout, result.stderr).toMatch(/^checkout logs the most errors /);
    expect(result.stderr).toContain('run_start');
    expect(result.stderr).toContain('run_end');
    expect(result.code).toBe(0);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });
});
