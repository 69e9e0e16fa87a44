// The sandboxes a test file opens, each disposed after the test that opened it.
import { afterEach } from 'vitest';
import { Sandbox, type SandboxOptions } from '../../src/engine/sandbox/index.ts';

/** Returns `open(options)`: a Sandbox with the file's `defaults` overlaid by `options`, disposed after its test. */
export function sandboxOpener(defaults: SandboxOptions): (options?: SandboxOptions) => Promise<Sandbox> {
  const opened: Sandbox[] = [];
  afterEach(() => {
    for (const sandbox of opened.splice(0)) sandbox.dispose();
  });
  return async (options = {}) => {
    const sandbox = await Sandbox.create({ ...defaults, ...options });
    opened.push(sandbox);
    return sandbox;
  };
}
