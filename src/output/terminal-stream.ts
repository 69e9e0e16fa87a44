import { terminalSafe, type TerminalPolicy } from './neutralize.ts';
import type { Redactor } from './redactor.ts';

const RAW = Symbol('rlm.rawStream');
const REDACTOR = Symbol('rlm.redactor');

/**
 * The one gate between this process and a terminal: a stream that looks and behaves like `stream` (isTTY, columns,
 * events) but redacts secrets from everything written to it and lets through no escape sequence or control
 * character except colours (and, for `screen`, a renderer's cursor moves). Guarding a guarded stream again only
 * changes its policy.
 */
export function guardStream<S extends NodeJS.WriteStream>(stream: S, policy: TerminalPolicy, redactor?: Redactor): S {
  const tagged = stream as S & { [RAW]?: S; [REDACTOR]?: Redactor };
  const raw = tagged[RAW] ?? stream;
  const redact = redactor ?? tagged[REDACTOR];
  const filter = (text: string) => terminalSafe(redact ? redact.text(text) : text, policy);
  function write(chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk;
    return (raw.write as (...args: unknown[]) => boolean)(typeof text === 'string' ? filter(text) : text, ...rest);
  }
  return new Proxy(raw, {
    get(target, property) {
      if (property === RAW) return target;
      if (property === REDACTOR) return redact;
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
