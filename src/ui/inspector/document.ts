import { highlightLines, type TokenKind } from '../highlight.ts';

/** What a piece of text is, so the view picks its colour from the theme. */
export type Role =
  'plain' | 'heading' | 'dim' | 'ok' | 'fail' | 'warn' | 'label' | 'subcall' | 'accent' | `code-${TokenKind}`;

export interface Span {
  text: string;
  role: Role;
}

export type DocLine = Span[];

/** A long scrollable text: lines of styled spans, and named sections (where each starts) to jump between. */
export interface Doc {
  lines: DocLine[];
  sections: Array<{ id: string; line: number }>;
}

/** Builds a Doc line by line; `section` marks where the next line starts. */
export class DocBuilder {
  readonly lines: DocLine[] = [];
  readonly sections: Doc['sections'] = [];

  section(id: string): this {
    this.sections.push({ id, line: this.lines.length });
    return this;
  }

  line(...spans: Array<Span | string>): this {
    this.lines.push(
      spans.map((span) =>
        typeof span === 'string' ? { text: clean(span), role: 'plain' } : { ...span, text: clean(span.text) },
      ),
    );
    return this;
  }

  /** A heading rule: `── title ──`. */
  heading(title: string, role: Role = 'heading'): this {
    return this.line({ text: `── ${title} ──`, role });
  }

  /** Multi-line text, every line in one role; empty text shows as `(empty)`. */
  text(text: string, role: Role = 'plain'): this {
    if (text === '') return this.line({ text: '(empty)', role: 'dim' });
    for (const line of text.split('\n')) this.line({ text: line, role });
    return this;
  }

  /** Code with syntax colours. */
  code(code: string): this {
    for (const segments of highlightLines(code))
      this.lines.push(segments.map((segment) => ({ text: clean(segment.text), role: `code-${segment.kind}` as Role })));
    return this;
  }

  blank(): this {
    return this.line();
  }

  build(): Doc {
    return { lines: this.lines, sections: this.sections };
  }
}

/** Tabs to spaces; terminal control characters (ANSI escapes in captured output, carriage returns) removed. */
// oxlint-disable-next-line no-control-regex
const CONTROL = /\u001B\[[0-?]*[ -/]*[@-~]|[\u0000-\u0008\u000B-\u001F\u007F]/g;
export function clean(text: string): string {
  return text.replaceAll('\t', '    ').replace(CONTROL, '');
}

/** Wraps every line to `width` columns (one column per code point), at a space when one is near, keeping roles. */
export function wrapDoc(doc: Doc, width: number): Doc {
  const max = Math.max(10, width);
  const lines: DocLine[] = [];
  const starts: number[] = [];
  for (const line of doc.lines) {
    starts.push(lines.length);
    const pieces = line.map((span) => ({ chars: Array.from(span.text), role: span.role }));
    const chars = pieces.flatMap((piece) => piece.chars);
    const breaks = breakPoints(chars, max);
    let piece = 0;
    let inPiece = 0;
    for (let index = 0; index < breaks.length - 1; index += 1) {
      const out: DocLine = [];
      let remaining = (breaks[index + 1] as number) - (breaks[index] as number);
      while (remaining > 0 && piece < pieces.length) {
        const current = pieces[piece] as { chars: string[]; role: Role };
        const take = Math.min(remaining, current.chars.length - inPiece);
        if (take > 0) out.push({ text: current.chars.slice(inPiece, inPiece + take).join(''), role: current.role });
        inPiece += take;
        remaining -= take;
        if (inPiece >= current.chars.length) {
          piece += 1;
          inPiece = 0;
        }
      }
      lines.push(out);
    }
  }
  return {
    lines,
    sections: doc.sections.map((section) => ({ id: section.id, line: starts[section.line] ?? lines.length })),
  };
}

/** Where wrapped rows start (and the end): after the last space of a row when it is in the row's second half. */
function breakPoints(chars: string[], max: number): number[] {
  const points = [0];
  let at = 0;
  while (chars.length - at > max) {
    let cut = at + max;
    for (let index = at + max - 1; index > at + max / 2; index -= 1) {
      if (chars[index] === ' ') {
        cut = index + 1;
        break;
      }
    }
    points.push(cut);
    at = cut;
  }
  points.push(chars.length);
  return points;
}

export function lineText(line: DocLine): string {
  return line.map((span) => span.text).join('');
}

/** The first line at or after `from` that contains `query` (case-insensitive), or -1. */
export function findLine(doc: Doc, query: string, from = 0): number {
  const needle = query.toLowerCase();
  if (needle === '') return -1;
  for (let index = Math.max(0, from); index < doc.lines.length; index += 1) {
    if (
      lineText(doc.lines[index] ?? [])
        .toLowerCase()
        .includes(needle)
    )
      return index;
  }
  return -1;
}

/** Splits a line's spans so each occurrence of `query` (case-insensitive) is its own piece marked `hit`. */
export function markMatches(line: DocLine, query: string): Array<Span & { hit: boolean }> {
  const needle = query.toLowerCase();
  const text = lineText(line).toLowerCase();
  const ranges: Array<[number, number]> = [];
  if (needle !== '')
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length))
      ranges.push([at, at + needle.length]);
  if (ranges.length === 0) return line.map((span) => ({ ...span, hit: false }));
  const pieces: Array<Span & { hit: boolean }> = [];
  let offset = 0;
  for (const span of line) {
    const end = offset + span.text.length;
    const cuts = new Set([offset, end]);
    for (const [from, to] of ranges) for (const cut of [from, to]) if (cut > offset && cut < end) cuts.add(cut);
    const sorted = [...cuts].toSorted((a, b) => a - b);
    for (let index = 0; index < sorted.length - 1; index += 1) {
      const from = sorted[index] as number;
      const to = sorted[index + 1] as number;
      pieces.push({
        text: span.text.slice(from - offset, to - offset),
        role: span.role,
        hit: ranges.some(([start, stop]) => from >= start && to <= stop),
      });
    }
    offset = end;
  }
  return pieces;
}
