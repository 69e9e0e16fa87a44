import { highlightLines, type TokenKind } from '../highlight.ts';

/** What a piece of text is, so the view picks its colour from the theme. */
export type Role = 'plain' | 'heading' | 'dim' | 'ok' | 'fail' | 'warn' | 'label' | 'subcall' | 'accent' | `code-${TokenKind}`;

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
    this.lines.push(spans.map((span) => (typeof span === 'string' ? { text: clean(span), role: 'plain' } : { ...span, text: clean(span.text) })));
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
    for (const segments of highlightLines(code)) this.lines.push(segments.map((segment) => ({ text: clean(segment.text), role: `code-${segment.kind}` as Role })));
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

/** Hard-wraps every line to `width` columns (one column per code point), keeping each piece's role. */
export function wrapDoc(doc: Doc, width: number): Doc {
  const max = Math.max(10, width);
  const lines: DocLine[] = [];
  const starts: number[] = [];
  for (const line of doc.lines) {
    starts.push(lines.length);
    let current: DocLine = [];
    let used = 0;
    for (const span of line) {
      const chars = Array.from(span.text);
      let at = 0;
      while (at < chars.length) {
        if (used >= max) {
          lines.push(current);
          current = [];
          used = 0;
        }
        const take = chars.slice(at, at + max - used);
        current.push({ text: take.join(''), role: span.role });
        used += take.length;
        at += take.length;
      }
    }
    lines.push(current);
  }
  return { lines, sections: doc.sections.map((section) => ({ id: section.id, line: starts[section.line] ?? lines.length })) };
}

export function lineText(line: DocLine): string {
  return line.map((span) => span.text).join('');
}

/** The first line at or after `from` that contains `query` (case-insensitive), or -1. */
export function findLine(doc: Doc, query: string, from = 0): number {
  const needle = query.toLowerCase();
  if (needle === '') return -1;
  for (let index = Math.max(0, from); index < doc.lines.length; index += 1) {
    if (lineText(doc.lines[index] ?? []).toLowerCase().includes(needle)) return index;
  }
  return -1;
}
