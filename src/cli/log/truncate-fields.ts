/** Longest string field the log keeps whole (characters). A 520 MB answer must not break the line that records it. */
import { formatCount } from '../../engine/internal-light.ts';
export const MAX_LOGGED_FIELD_CHARS = 4 * 1024 * 1024;

/**
 * A copy of `value` in which every string longer than `max` keeps its head and tail around a marker saying how
 * much was left out. Values without long strings come back as they are (no copy). `redact` runs on a long string
 * before it is cut: a secret split by the cut would no longer match the redactor afterwards.
 */
export function truncateLongFields<T>(
  value: T,
  max = MAX_LOGGED_FIELD_CHARS,
  redact: (text: string) => string = (text) => text,
): T {
  return truncate(value, max, redact) as T;
}

function truncate(value: unknown, max: number, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return value.length > max ? shorten(redact(value), max) : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const next = truncate(item, max, redact);
      if (next !== item) (copy ??= [...value])[index] = next;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = truncate(item, max, redact);
      if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
    return copy ?? value;
  }
  return value;
}

function shorten(text: string, max: number): string {
  const keep = Math.floor(max / 2);
  const omitted = text.length - 2 * keep;
  return `${text.slice(0, keep)}\n… [rlm log: ${formatCount(omitted)} characters omitted] …\n${text.slice(-keep)}`;
}
