import { parse } from 'acorn';
import type { CellLabel } from './trajectory-types.ts';

const ORDER: CellLabel[] = ['peek', 'grep', 'map', 'sub-call', 'recurse', 'finish', 'compute'];
const PEEK_METHODS = new Set(['slice', 'substring', 'substr', 'at', 'charAt']);
const GREP_METHODS = new Set([
  'match',
  'matchAll',
  'test',
  'search',
  'filter',
  'includes',
  'indexOf',
  'lastIndexOf',
  'findIndex',
  'findLastIndex',
  'exec',
]);

type AnyNode = { type: string; name?: string; [key: string]: unknown };

/** Labels read from the code itself: slicing (peek), searching (grep), FINAL (finish). */
export function labelsFromCode(code: string): CellLabel[] {
  const labels = new Set<CellLabel>();
  let ast: AnyNode;
  try {
    ast = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
    }) as unknown as AnyNode;
  } catch {
    return fallbackLabels(code);
  }
  walk(ast, (node) => {
    if (node.type === 'Literal' && 'regex' in node && node.regex) labels.add('grep');
    if (
      node.type === 'NewExpression' &&
      (node.callee as AnyNode).type === 'Identifier' &&
      (node.callee as AnyNode).name === 'RegExp'
    )
      labels.add('grep');
    if (node.type !== 'CallExpression') return;
    const callee = node.callee as AnyNode;
    if (callee.type === 'Identifier') {
      const name = callee.name;
      if (name === 'FINAL' || name === 'FINAL_VAR') labels.add('finish');
      if (name === 'llm_query_batched' || name === 'rlm_query_batched') labels.add('map');
    }
    if (isPrint(callee)) {
      // Printing a slice of something the model holds (`print(lines.slice(0, 5))`) is a peek.
      for (const argument of node.arguments as AnyNode[])
        walk(argument, (inner) => {
          if (isSliceCall(inner) && rootOf((inner.callee as AnyNode).object as AnyNode) !== 'call') labels.add('peek');
        });
    }
    if (callee.type === 'MemberExpression' && (callee.property as AnyNode).type === 'Identifier') {
      const method = (callee.property as AnyNode).name ?? '';
      if (PEEK_METHODS.has(method) && rootOf(callee.object as AnyNode) === 'context') labels.add('peek');
      if (GREP_METHODS.has(method)) labels.add('grep');
    }
  });
  return ORDER.filter((label) => labels.has(label));
}

/** Labels from what the cell actually did: batched sub-calls (map), single calls, child RLMs. */
export function labelCell(
  codeLabels: CellLabel[],
  subcalls: Array<{ mode: 'llm' | 'rlm'; batchId: string | null }>,
): CellLabel[] {
  const labels = new Set(codeLabels);
  for (const subcall of subcalls) {
    if (subcall.mode === 'rlm') labels.add('recurse');
    else if (subcall.batchId) labels.add('map');
    else labels.add('sub-call');
  }
  if (labels.size === 0) labels.add('compute');
  else labels.delete('compute');
  return ORDER.filter((label) => labels.has(label));
}

function isPrint(callee: AnyNode): boolean {
  if (callee.type === 'Identifier') return callee.name === 'print';
  return callee.type === 'MemberExpression' && (callee.object as AnyNode).name === 'console';
}

function isSliceCall(node: AnyNode): boolean {
  const callee = node.callee as AnyNode | undefined;
  return (
    node.type === 'CallExpression' &&
    callee?.type === 'MemberExpression' &&
    PEEK_METHODS.has((callee.property as AnyNode).name ?? '')
  );
}

/** The identifier a member/call chain starts from (`context[0].content.slice` → context), or 'call'. */
function rootOf(node: AnyNode): string {
  let current = node;
  for (;;) {
    if (current.type === 'MemberExpression') current = current.object as AnyNode;
    else if (current.type === 'CallExpression') return 'call';
    else if (current.type === 'Identifier') return current.name ?? '';
    else return 'other';
  }
}

function walk(node: AnyNode, visit: (node: AnyNode) => void): void {
  visit(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value)
        if (item && typeof item === 'object' && typeof (item as AnyNode).type === 'string')
          walk(item as AnyNode, visit);
    } else if (value && typeof value === 'object' && typeof (value as AnyNode).type === 'string') {
      walk(value as AnyNode, visit);
    }
  }
}

/** TypeScript or broken code: a rougher reading by pattern. */
function fallbackLabels(code: string): CellLabel[] {
  const labels = new Set<CellLabel>();
  if (/\.(slice|substring|substr)\(/.test(code)) labels.add('peek');
  if (/\.(match|matchAll|test|filter|includes|search)\(|new RegExp\(/.test(code)) labels.add('grep');
  if (/\b(llm|rlm)_query_batched\(/.test(code)) labels.add('map');
  if (/\bFINAL(_VAR)?\(/.test(code)) labels.add('finish');
  return ORDER.filter((label) => labels.has(label));
}
