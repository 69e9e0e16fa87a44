import { mapStrings } from './map-strings.ts';

/**
 * One redactor for every path out of the process: the terminal (plain progress, the TUI, errors), `--json` and
 * `--stream-json`, the log and exports. It hides the values of configured secrets (API keys, credentials in a base
 * URL) and any `scheme://user:password@` credentials, wherever they appear in a string.
 */
export interface Redactor {
  /** Adds secret values to hide from now on (values shorter than MIN_SECRET_CHARS are ignored). */
  add(values: Iterable<string | undefined>): void;
  text(text: string): string;
  /** A copy of `value` with every string redacted; the same object when nothing had to change. */
  value<T>(value: T): T;
  /**
   * A redactor for text that arrives in pieces (streamed deltas): it holds back the end of a piece while it could
   * be the start of a secret that the next piece completes.
   */
  pieces(): PieceRedactor;
  /** The longest secret: a piece of text shorter than this could still be part of one. */
  readonly longest: number;
}

export interface PieceRedactor {
  /** The redacted text that can be shown now for the next piece of stream `key`. */
  push(key: string, piece: string): string;
  /** Whatever is still held back for `key` (its stream ended), redacted. */
  flush(key: string): string;
}

export const REDACTED = '[redacted]';
/** Shorter values would redact ordinary words; keys and passwords worth hiding are longer. */
export const MIN_SECRET_CHARS = 8;

/** `scheme://user:password@`: credentials in any URL, configured or not. */
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@:]*:[^\s/?#@]*@/gi;

export function createRedactor(initial: Iterable<string | undefined> = []): Redactor {
  const secrets: string[] = [];
  const redactor: Redactor = {
    add(values) {
      for (const value of values) {
        if (typeof value !== 'string' || value.length < MIN_SECRET_CHARS || secrets.includes(value)) continue;
        secrets.push(value);
      }
      // Longest first: a secret that contains another is replaced whole.
      secrets.sort((a, b) => b.length - a.length);
    },
    text(text) {
      let result = text;
      for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
      return result.includes('://') ? result.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : result;
    },
    value(value) {
      return mapStrings(value, redactor.text);
    },
    pieces() {
      return createPieceRedactor(redactor, () => secrets);
    },
    get longest() {
      return secrets[0]?.length ?? 0;
    },
  };
  redactor.add(initial);
  return redactor;
}

function createPieceRedactor(redactor: Redactor, secrets: () => string[]): PieceRedactor {
  const held = new Map<string, string>();
  return {
    push(key, piece) {
      const text = (held.get(key) ?? '') + piece;
      const keep = heldTail(text, secrets());
      const ready = text.slice(0, text.length - keep);
      if (keep > 0) held.set(key, text.slice(text.length - keep));
      else held.delete(key);
      return redactor.text(ready);
    },
    flush(key) {
      const rest = held.get(key) ?? '';
      held.delete(key);
      return redactor.text(rest);
    },
  };
}

/**
 * How many characters at the end of `text` to hold back: the longest tail that is the beginning of a secret (or
 * that contains a secret's start, its end still to come), or of a URL's credentials. Nothing when no secret starts
 * there, so ordinary text streams through at once.
 */
function heldTail(text: string, secrets: string[]): number {
  let keep = 0;
  for (const secret of secrets) {
    const window = Math.min(secret.length - 1, text.length);
    for (let length = window; length > keep; length -= 1) {
      if (secret.startsWith(text.slice(text.length - length))) {
        keep = length;
        break;
      }
    }
  }
  // A URL whose authority is unfinished (no `/`, `@` or space yet) could still turn out to hold credentials.
  // (`http:` and `http:/` too: the next piece may hold the rest of the `//`.)
  const url = /[a-z][a-z\d+.-]*:\/{0,2}[^\s/?#@]*$/i.exec(text.slice(-512));
  if (url) keep = Math.max(keep, url[0].length);
  return keep;
}
