import { tokenizer, type Token } from 'acorn';

export type TokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'regexp' | 'builtin' | 'plain';
export interface Segment {
  text: string;
  kind: TokenKind;
}

const BUILTINS = new Set([
  'context',
  'print',
  'llm_query',
  'llm_query_batched',
  'rlm_query',
  'rlm_query_batched',
  'FINAL',
  'FINAL_VAR',
  'SHOW_VARS',
  'budget',
  'console',
]);

/** Splits code into coloured segments per line using acorn's tokenizer; unparsable code comes back plain. */
export function highlightLines(code: string): Segment[][] {
  const marks: Array<{ start: number; end: number; kind: TokenKind }> = [];
  try {
    const tokens = tokenizer(code, {
      ecmaVersion: 'latest',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      onComment: (_block, _text, start, end) => marks.push({ start, end, kind: 'comment' }),
    });
    for (const token of tokens as Iterable<Token>)
      marks.push({ start: token.start, end: token.end, kind: kindOf(token) });
  } catch {
    // A half-written or TypeScript cell: colour what was tokenized before the error, the rest stays plain.
  }
  marks.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    if (mark.start > at) segments.push({ text: code.slice(at, mark.start), kind: 'plain' });
    segments.push({ text: code.slice(mark.start, mark.end), kind: mark.kind });
    at = mark.end;
  }
  if (at < code.length) segments.push({ text: code.slice(at), kind: 'plain' });
  return splitLines(segments);
}

function kindOf(token: Token): TokenKind {
  const type = token.type as { label: string; keyword?: string };
  if (type.keyword) return 'keyword';
  if (type.label === 'string' || type.label === 'template') return 'string';
  if (type.label === 'num' || type.label === 'bigint') return 'number';
  if (type.label === 'regexp') return 'regexp';
  if (type.label === 'name' && BUILTINS.has(String((token as Token & { value?: unknown }).value))) return 'builtin';
  return 'plain';
}

function splitLines(segments: Segment[]): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const segment of segments) {
    const parts = segment.text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines.at(-1)?.push({ text: part, kind: segment.kind });
    });
  }
  return lines;
}
