import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../../src/engine/index.ts';
import { renderInspector } from '../../../src/ui/index.ts';
import { DEMO, tick } from './helpers.tsx';

/** Just enough of a terminal for ink: a TTY stdout that records writes, a raw-mode stdin we can type into. */
class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  output = '';
  write = (chunk: string, ...rest: unknown[]) => {
    this.output += chunk;
    const callback = rest.find((value) => typeof value === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
}
class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string | null = null;
  type(text: string) {
    this.pending = text;
    this.emit('readable');
  }
  read = () => {
    const text = this.pending;
    this.pending = null;
    return text;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

describe('renderInspector', () => {
  it('mounts on the given streams in the alternate screen and resolves when the user quits', async () => {
    const log = parseLog(readFileSync(DEMO, 'utf8'));
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    let resolved = false;
    const done = renderInspector({
      file: DEMO,
      header: log.header,
      events: log.events,
      partial: log.partial,
      stdout: stdout as never,
      stdin: stdin as never,
      stderr: new FakeStdout() as never,
      color: true,
    }).then(() => {
      resolved = true;
    });
    await tick(100);
    expect(stdout.output).toContain('turn 3');
    expect(stdout.output).toContain('\u001B[?1049h'); // the alternate screen, like less and vim
    stdin.type('j');
    await tick(60);
    expect(resolved).toBe(false);
    stdin.type('q');
    await done;
    expect(resolved).toBe(true);
    expect(stdout.output).toContain('\u001B[?1049l');
  });
});
