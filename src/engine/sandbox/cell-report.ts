import { truncateMiddle } from './truncate.ts';
import type { CellError } from './types.ts';

const ERROR_LABELS: Record<CellError['kind'], string> = {
  syntax: 'Syntax error',
  runtime: 'Error',
  cpu_limit: 'CPU limit',
  wall_limit: 'Time limit',
  memory_limit: 'Memory limit',
  deadlock: 'Deadlock',
  aborted: 'Cancelled',
  crashed: 'Sandbox crashed',
};

/**
 * What the model reads for one cell: printed output, the last expression's value, the error with the offending
 * source line, and notes; then head + tail truncation, so an error at the end survives a flood of output.
 */
export function composeCellReport(
  parts: {
    output: string;
    value?: string | undefined;
    error?: CellError | undefined;
    notes: string[];
    lines: string[];
  },
  limit: number,
): { text: string; omittedChars: number } {
  const sections: string[] = [];
  if (parts.output) sections.push(parts.output.endsWith('\n') ? parts.output.slice(0, -1) : parts.output);
  if (parts.value !== undefined) sections.push(parts.value);
  if (parts.error) sections.push(describeError(parts.error, parts.lines));
  for (const note of parts.notes) sections.push(`[note: ${note}]`);
  const text = sections.length > 0 ? sections.join('\n') : '(no output)';
  return truncateMiddle(text, limit);
}

function describeError(error: CellError, lines: string[]): string {
  const where = error.line ? ` (line ${error.line})` : '';
  const head = error.kind === 'runtime' || error.kind === 'syntax' ? `${error.name}: ${error.message}` : error.message;
  const source = error.line ? lines[error.line - 1] : undefined;
  const excerpt = source === undefined ? '' : `\n  ${error.line} | ${source.trim().slice(0, 200)}`;
  return `${ERROR_LABELS[error.kind]}${where}: ${head}${excerpt}`;
}
