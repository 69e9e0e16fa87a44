import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';

export interface Keyboard {
  stream: NodeJS.ReadStream;
  close(): void;
}

/**
 * Where an interactive view reads keys: stdin when it is a terminal, else the controlling terminal itself
 * (/dev/tty), so q and e still work when the context is piped in. Null when there is no terminal at all.
 */
export function openKeyboard(stdin: NodeJS.ReadStream, openTty: () => number = () => openSync('/dev/tty', 'r')) {
  if (stdin.isTTY) return { stream: stdin, close: () => undefined } satisfies Keyboard;
  try {
    const stream = new ReadStream(openTty());
    return { stream: stream as NodeJS.ReadStream, close: () => stream.destroy() } satisfies Keyboard;
  } catch {
    return null;
  }
}
