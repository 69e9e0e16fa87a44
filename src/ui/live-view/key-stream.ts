import { Readable } from 'node:stream';

/**
 * The view process's stand-in for the terminal's input: ink reads keys from it as from a TTY in raw mode. The real
 * keyboard stays with the CLI (it owns the terminal's input, and reads it from /dev/tty when stdin is a pipe), which
 * forwards each chunk here and switches raw mode when told through `onRawMode`.
 */
export class KeyStream extends Readable {
  readonly isTTY = true;
  isRaw = false;
  private readonly onRawMode: (enabled: boolean) => void;

  constructor(onRawMode: (enabled: boolean) => void) {
    super({ read: () => undefined });
    this.onRawMode = onRawMode;
  }

  setRawMode(enabled: boolean): this {
    if (enabled !== this.isRaw) {
      this.isRaw = enabled;
      this.onRawMode(enabled);
    }
    return this;
  }

  /** Keeping the processes alive is the CLI's business: its real stream is ref'd while raw mode is on. */
  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  /** Bytes typed on the terminal. */
  type(chunk: string): void {
    this.push(chunk);
  }
}
