import type { ReplLanguage } from '../repl/repl-session.ts';
import { parseExpressionAt } from 'acorn';

export interface CodeBlock {
  /** The REPL dialect the block runs as (`js`, `ts`, …), from the session language's fence table. */
  dialect: string;
  /** The fence's info string as written (`repl`, `js`, `javascript`, `ts`, …). */
  fence: string;
  code: string;
}

export type TextualFinal = { kind: 'value'; answer: string } | { kind: 'variable'; name: string };

interface Fence {
  info: string;
  body: string;
  startLine: number;
  endLine: number;
}

/** Fenced blocks of a Markdown reply (``` or ~~~, closing fence at least as long as the opening one). */
function scanFences(lines: string[]): Fence[] {
  const fences: Fence[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/.exec(lines[index] ?? '');
    if (!open) continue;
    const marker = open[1] ?? '```';
    const body: string[] = [];
    let end = index + 1;
    while (
      end < lines.length &&
      !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[end] ?? '')
    ) {
      body.push(lines[end] ?? '');
      end += 1;
    }
    fences.push({
      info: (open[2] ?? '').toLowerCase(),
      body: body.join('\n'),
      startLine: index,
      endLine: Math.min(end, lines.length - 1),
    });
    index = end;
  }
  return fences;
}

/** The runnable code blocks of a reply, in order. Blocks in other languages (or none) are prose. */
export function extractCodeBlocks(reply: string, language: ReplLanguage): CodeBlock[] {
  const dialects = language.dialects;
  return scanFences(reply.split('\n'))
    .filter((fence) => Object.hasOwn(dialects, fence.info) && fence.body.trim().length > 0)
    .map((fence) => ({ dialect: dialects[fence.info] ?? '', fence: fence.info, code: fence.body }));
}

/**
 * A `FINAL(...)` (balanced parentheses, possibly over several lines) or `FINAL_VAR(name)` that starts a line
 * outside every fence. Only meaningful for replies without code: with code, the code runs first.
 */
export function findTextualFinal(reply: string): TextualFinal | undefined {
  const lines = reply.split('\n');
  const fenced = new Set<number>();
  for (const fence of scanFences(lines))
    for (let line = fence.startLine; line <= fence.endLine; line += 1) fenced.add(line);
  const prose = lines.map((line, index) => (fenced.has(index) ? '' : line)).join('\n');

  const start = /^[ \t>*_`-]*(FINAL_VAR|FINAL)\s*\(/m.exec(prose);
  if (!start) return undefined;
  const open = start.index + start[0].length;
  const close = matchingParen(prose, open);
  if (close === undefined) return undefined;
  const inner = prose.slice(open, close).trim();
  if (start[1] === 'FINAL_VAR') {
    const name = unquote(inner) ?? inner;
    return /^[A-Za-z_$][\w$]*$/.test(name) ? { kind: 'variable', name } : undefined;
  }
  return { kind: 'value', answer: unquote(inner) ?? inner };
}

/** Index of the `)` closing the paren opened just before `from`, skipping string literals. */
function matchingParen(text: string, from: number): number | undefined {
  let depth = 1;
  let quote: string | undefined;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')' && --depth === 0) return index;
  }
  // Unbalanced because of an apostrophe in prose ("don't"): retry counting parentheses only.
  depth = 1;
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '(') depth += 1;
    else if (text[index] === ')' && --depth === 0) return index;
  }
  return undefined;
}

/** The value of a lone JavaScript string literal (`"a"`, `'a'`, `` `a` `` without substitutions), else undefined. */
function unquote(source: string): string | undefined {
  if (!/^["'`]/.test(source)) return undefined;
  try {
    const node = parseExpressionAt(source, 0, { ecmaVersion: 'latest' });
    if (node.end !== source.length) return undefined;
    if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
      return node.quasis.map((quasi) => quasi.value.cooked ?? '').join('');
  } catch {
    return undefined;
  }
  return undefined;
}
