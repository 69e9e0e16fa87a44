import { parse, type Node, type Options, type Pattern, type Program, type Statement } from 'acorn';
import { stripTypes } from './strip-types.ts';

/** Name of the in-isolate function that runs one transformed cell (defined by the prelude). */
export const RUN_CELL_FUNCTION = '__rlm_run_cell';
/** In-isolate alias of the global object that user code cannot shadow by accident. */
export const GLOBAL_ALIAS = '__rlm_global';

export interface TransformedCell {
  /** Script source to evaluate; user line N is line N of this script. */
  code: string;
  /** Top-level names the cell declares (they become globals). */
  declaredNames: string[];
  /** True when the cell only parsed after TypeScript types were stripped. */
  strippedTypes: boolean;
}

export class CellSyntaxError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, line: number | undefined, column: number | undefined) {
    super(message);
    this.name = 'SyntaxError';
    this.line = line;
    this.column = column;
  }
}

const PARSE_OPTIONS: Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: true,
  locations: true,
};

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Turns one REPL cell into a script that keeps REPL semantics inside a single persistent context:
 * top-level declarations become re-declarable globals, top-level `await` works (the body runs in an async
 * function), and the last expression statement is returned. Everything the prelude needs is put on line 1 so
 * that error line numbers match the model's code.
 */
export async function transformCell(
  source: string,
  options: { typescript?: boolean; reserved?: ReadonlySet<string> } = {},
): Promise<TransformedCell> {
  let code = source;
  let strippedTypes = false;
  let program: Program;
  try {
    if (options.typescript) {
      code = await stripTypes(source);
      strippedTypes = code !== source;
    }
    program = parse(code, PARSE_OPTIONS);
  } catch (error) {
    const reparsed = options.typescript ? undefined : await parseAsTypeScript(source);
    if (!reparsed) throw toCellSyntaxError(error);
    ({ code, program } = reparsed);
    strippedTypes = true;
  }
  return { ...rewrite(code, program, options.reserved ?? new Set()), strippedTypes };
}

async function parseAsTypeScript(source: string): Promise<{ code: string; program: Program } | undefined> {
  try {
    const code = await stripTypes(source);
    if (code === source) return undefined;
    return { code, program: parse(code, PARSE_OPTIONS) };
  } catch {
    return undefined;
  }
}

function toCellSyntaxError(error: unknown): CellSyntaxError {
  if (error instanceof CellSyntaxError) return error;
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  const message = error instanceof Error ? error.message : String(error);
  return new CellSyntaxError(message, loc?.line, loc === undefined ? undefined : loc.column + 1);
}

function rewrite(
  code: string,
  program: Program,
  reserved: ReadonlySet<string>,
): Omit<TransformedCell, 'strippedTypes'> {
  const edits: Edit[] = [];
  const declared = new Set<string>();
  const functionNames: string[] = [];
  const declare = (name: string, node: Node) => {
    if (reserved.has(name)) {
      const line = node.loc?.start.line;
      throw new CellSyntaxError(
        `'${name}' is a built-in of this REPL and cannot be redeclared (choose another name)`,
        line,
        undefined,
      );
    }
    declared.add(name);
  };

  const statements = program.body as Statement[];
  statements.forEach((statement, index) => {
    const isLast = index === statements.length - 1;
    switch (statement.type) {
      case 'VariableDeclaration':
        rewriteDeclaration(statement, edits, declare);
        break;
      case 'FunctionDeclaration':
        if (statement.id) {
          declare(statement.id.name, statement.id);
          functionNames.push(statement.id.name);
        }
        break;
      case 'ClassDeclaration':
        if (statement.id) {
          declare(statement.id.name, statement.id);
          edits.push({ start: statement.start, end: statement.start, text: `${statement.id.name} = ` });
          edits.push({ start: statement.end, end: statement.end, text: ';' });
        }
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = statement.type === 'ForStatement' ? statement.init : statement.left;
        if (head?.type === 'VariableDeclaration' && head.kind === 'var') {
          for (const declarator of head.declarations) collectNames(declarator.id, declare);
          edits.push({ start: head.start, end: head.start + 3, text: '' });
        }
        break;
      }
      case 'ExpressionStatement':
        if (isLast) {
          edits.push({ start: statement.start, end: statement.expression.start, text: 'return (' });
          edits.push({ start: statement.expression.end, end: statement.end, text: ');' });
        }
        break;
      default:
        break;
    }
  });

  let body = code;
  // Apply from the end so offsets stay valid; at equal offsets the later edit goes first so that insertions
  // made in order (`x` then ` = undefined` then `)`) come out in that order.
  const ordered = edits
    .map((edit, order) => ({ ...edit, order }))
    .toSorted((a, b) => b.start - a.start || b.order - a.order);
  for (const edit of ordered) {
    body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  }
  const names = [...declared];
  const hoisted = names.length > 0 ? `var ${names.join(', ')}; ` : '';
  const exportFunctions = functionNames.map((name) => `${GLOBAL_ALIAS}.${name} = ${name}; `).join('');
  return {
    code: `${hoisted}${RUN_CELL_FUNCTION}(async () => { ${exportFunctions}${body}\n})`,
    declaredNames: names,
  };
}

/** `const {a, b: [c]} = x, d;` → `;({a, b: [c]} = x, d = undefined);` — assignments to the hoisted globals. */
function rewriteDeclaration(
  declaration: Extract<Statement, { type: 'VariableDeclaration' }>,
  edits: Edit[],
  declare: (name: string, node: Node) => void,
): void {
  for (const declarator of declaration.declarations) {
    collectNames(declarator.id, declare);
    if (declarator.init) continue;
    // `let x;` re-declared in a REPL resets x; `var x;` keeps its value, as JavaScript would.
    if (declaration.kind === 'var') edits.push({ start: declarator.start, end: declarator.end, text: 'void 0' });
    else edits.push({ start: declarator.end, end: declarator.end, text: ' = undefined' });
  }
  edits.push({ start: declaration.start, end: declaration.start + declaration.kind.length, text: ';(' });
  const last = declaration.declarations[declaration.declarations.length - 1];
  const closeAt = last ? last.end : declaration.end;
  edits.push({ start: closeAt, end: closeAt, text: ')' });
}

function collectNames(pattern: Pattern, declare: (name: string, node: Node) => void): void {
  switch (pattern.type) {
    case 'Identifier':
      declare(pattern.name, pattern);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        collectNames(property.type === 'RestElement' ? property.argument : property.value, declare);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) collectNames(element, declare);
      break;
    case 'AssignmentPattern':
      collectNames(pattern.left, declare);
      break;
    case 'RestElement':
      collectNames(pattern.argument, declare);
      break;
    default:
      break;
  }
}
