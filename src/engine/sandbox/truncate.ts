import { formatCount } from '../format-count.ts';
export const DEFAULT_OUTPUT_LIMIT_CHARS = 20_000;

/**
 * Keeps the head and the tail of long output with a marker saying how much was cut. Head-only truncation would
 * hide the error at the end of a long print, which is the part a model most needs to see.
 */
export function truncateMiddle(
  text: string,
  limit = DEFAULT_OUTPUT_LIMIT_CHARS,
): { text: string; omittedChars: number } {
  if (text.length <= limit) return { text, omittedChars: 0 };
  const headLength = Math.ceil(limit / 2);
  const tailLength = limit - headLength;
  const omittedChars = text.length - headLength - tailLength;
  const marker = `\n… [${formatCount(omittedChars)} characters omitted] …\n`;
  return { text: text.slice(0, headLength) + marker + text.slice(text.length - tailLength), omittedChars };
}
