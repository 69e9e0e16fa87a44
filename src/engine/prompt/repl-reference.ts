import type { ReplLanguage } from '../repl/repl-session.ts';
import type { ToolDescription } from '../tools/caller-tools.ts';
import { formatCount } from '../format-count.ts';

export interface ReplReferenceInput {
  language: ReplLanguage;
  outputLimitChars: number;
  depth: number;
  maxDepth: number;
  /** False: the sub-call functions exist only to refuse (the "no sub-calls" ablation). */
  subcalls: boolean;
  /** Caller tools: async functions of one argument in the REPL. */
  tools?: ToolDescription[] | undefined;
}

/**
 * How the REPL works and every function it holds, then how to finish. A replacement system prompt still gets this
 * (unless it opts out), so a custom prompt cannot silently lose the API.
 */
export function replReference(input: ReplReferenceInput): string {
  return [replSection(input), functionsSection(input), finishingSection()].join('\n\n');
}

function replSection({ language, outputLimitChars }: ReplReferenceInput): string {
  const others = Object.keys(language.dialects)
    .filter((tag) => tag !== language.fence)
    .map((tag) => `\`${tag}\``);
  const alsoRun = others.length > 0 ? ` (${others.join(', ')} blocks run too)` : '';
  const persistence = `Every block of a reply runs, in order, in one persistent session: what you define stays defined in later turns${language.topLevelAwait ? ', and top-level `await` works' : ''}.`;
  const report = language.showsLastExpression
    ? 'After your reply you get, for each block, what it printed and the value of its last expression, as a console shows it (a bare `hits.length` on the last line is enough to see it), then the names of your variables.'
    : 'After your reply you get, for each block, what it printed (only printed output is shown), then the names of your variables.';
  return `## The REPL
Write ${language.name} in fenced blocks tagged \`\`\`${language.fence}${alsoRun}. ${persistence} ${report} Each block's report is cut to about ${formatCount(outputLimitChars)} characters, keeping its start and its end. There is no file system, network, require or import.`;
}

function functionsSection(input: ReplReferenceInput): string {
  const lines = [
    '- `context`: the data described with the question. Treat it as read-only; put what you derive in your own variables.',
    '- `print(...values)` (also `console.log`): output you will see.',
    ...subcallLines(input),
    '- `budget()` → what is left of the run: turns, tokens, cost, sub-calls, time, your depth and the maximum depth. Check it before a large fan-out.',
    '- `SHOW_VARS()`: prints your variables, each with a short summary.',
    '- `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`, `queueMicrotask`: as usual; timers still pending when a cell ends are cancelled.',
    '- `FINAL(value)`: ends the run with `value` as the answer (objects are sent as JSON). `undefined` is refused.',
    '- `FINAL_VAR(name)`: the same with the variable called `name`, given as a string: `FINAL_VAR("answer")`.',
    ...(input.tools ?? []).map(toolLine),
  ];
  const promises = input.subcalls
    ? '\nSub-calls return Promises: start them together and await them together (a batched call, or `Promise.all`), never one by one in a loop.'
    : '';
  return `## Functions in the REPL\n${lines.join('\n')}${promises}`;
}

function subcallLines({ subcalls, depth, maxDepth }: ReplReferenceInput): string[] {
  if (!subcalls)
    return [
      '- `llm_query`, `llm_query_batched`, `rlm_query`, `rlm_query_batched`: disabled. There are no sub-model calls in this run; these only raise an error. Solve the task with code alone.',
    ];
  const canRecurse = depth + 1 < maxDepth;
  return [
    '- `await llm_query(prompt, { model? })` → string: one sub-model call. The sub-model sees only `prompt`.',
    '- `await llm_query_batched(prompts, { model? })` → string[]: the prompts answered in parallel, in order. A failed item is a string starting with `Error:`; the others still arrive.',
    canRecurse
      ? '- `await rlm_query(prompt, { context?, model? })` → string: Starts a child RLM like you, with its own REPL whose `context` is `opts.context` (a string or an array of `{ path, content }`). For sub-tasks that need exploring in code themselves; it costs far more than `llm_query`.'
      : '- `await rlm_query(prompt, { context?, model? })` → string: at this depth a plain sub-model call, with `opts.context` appended to the prompt. Prefer `llm_query`.',
    canRecurse
      ? '- `await rlm_query_batched(prompts, { contexts?, context?, model? })` → string[]: one child RLM per prompt, in parallel, in order; child i gets `opts.contexts[i]`, or the shared `opts.context`. Failed items are `Error:` strings.'
      : '- `await rlm_query_batched(prompts, { contexts?, context?, model? })` → string[]: at this depth plain batched sub-model calls, each with its context (`opts.contexts[i]` or `opts.context`) appended.',
  ];
}

function toolLine(tool: ToolDescription): string {
  const description = tool.description.trim() ? ` ${tool.description.trim().replace(/\s+/g, ' ')}` : '';
  return `- \`await ${tool.name}(input)\` → the tool's result, from the caller.${description} Input (a mismatch rejects with an error you can catch): \`${tool.inputShape}\``;
}

function finishingSection(): string {
  return `## Finishing
Call \`FINAL(answer)\` or \`FINAL_VAR("name")\` in a code block once the answer has been printed and checked, or write a line \`FINAL(your answer)\` in a reply that has no code block. Never put FINAL in a reply whose code output you have not seen yet: code runs first, and an answer written before its output is a guess. The answer must stand on its own: the caller sees nothing else.`;
}
