import type { ContextSummary } from '../events.ts';
import type { ToolDescription } from '../tools/caller-tools.ts';
import { describeContext } from './system-prompt.ts';

/** A context loaded beside `context` (a session's `context_1`, `context_2`, …). */
export interface NamedContextSummary {
  name: string;
  context: ContextSummary;
}

/** Sections of the root's instructions for extra contexts and caller tools; empty when there are none. */
export function extraSections(input: { contexts?: NamedContextSummary[]; tools?: ToolDescription[] }): string[] {
  const sections: string[] = [];
  const more = (input.contexts ?? []).filter((entry) => entry.name !== 'context');
  if (more.length > 0)
    sections.push(
      `## More contexts\nBesides \`context\`, the REPL holds these (read-only, same shapes):\n${more
        .map((entry) => `- ${describeContext(entry.context).replace(/^`context`/, `\`${entry.name}\``)}`)
        .join('\n')}`,
    );
  if (input.tools && input.tools.length > 0)
    sections.push(
      `## Tools from the caller\nEach is an async function of one argument in the REPL: \`await name(input)\` returns the tool's result as data. An input that does not match the shape rejects with an error you can catch.\n${input.tools
        .map(
          (tool) =>
            `- \`${tool.name}(input)\`${tool.description ? `: ${tool.description}` : ''} Input: \`${tool.inputShape}\``,
        )
        .join('\n')}`,
    );
  return sections;
}
