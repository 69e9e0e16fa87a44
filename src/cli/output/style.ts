import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** Colours only for a TTY stream without NO_COLOR (styleText checks both for the given stream). */
export function makeStyler(stream: NodeJS.WriteStream) {
  return (format: Format, text: string) => styleText(format, text, { stream, validateStream: true });
}

export type Styler = ReturnType<typeof makeStyler>;
