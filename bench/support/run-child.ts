// The CLI benchmarks spawn the real CLI (or a floor client) from the repository root with a context on stdin, and
// read only its stderr and exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Node's arguments for `rlm ask` against a scripted server whose root model is `root`, then `args`. */
export function rlmAskArgs(baseURL: string, args: string[]): string[] {
  return ['--no-node-snapshot', 'bin/rlm.js', 'ask', '--base-url', baseURL, '-m', 'root', ...args];
}

/** Runs `command ...args` with `input` on stdin and `env` over this process's; stdout is discarded. */
export function runChild(
  command: string,
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}
