import type { ContextSummary } from '../events.ts';
import { formatCount } from '../format-count.ts';

/** One context the REPL holds, under its global name (`context`, a session's `context_1`, `context_2`, …). */
export interface NamedContextSummary {
  name: string;
  context: ContextSummary;
}

/** One line (plus a short listing of paths) saying what a context variable holds. */
export function describeContext(context: ContextSummary, name = 'context'): string {
  if (context.type === 'none') return `\`${name}\` is null: this task comes with no data beyond the question.`;
  if (context.type === 'string') return `\`${name}\` is one string of ${formatCount(context.chars)} characters.`;
  const listing = context.paths.map((path) => `  - ${path}`).join('\n');
  const more =
    context.documents > context.paths.length
      ? `\n  - … and ${formatCount(context.documents - context.paths.length)} more`
      : '';
  return `\`${name}\` is an array of ${formatCount(context.documents)} documents, each \`{ path, content }\`, ${formatCount(context.chars)} characters of content in total. First paths:\n${listing}${more}`;
}

/** Every context of the REPL, each under its name. */
export function describeContexts(contexts: NamedContextSummary[]): string {
  if (contexts.length === 0) return describeContext({ type: 'none', chars: 0, documents: 0, paths: [] });
  return contexts.map((entry) => describeContext(entry.context, entry.name)).join('\n');
}
