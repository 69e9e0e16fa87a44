import type { ContextSummary } from '../events.ts';
import type { ToolDescription } from '../tools/caller-tools.ts';
import { extraSections, type NamedContextSummary } from './session-sections.ts';

export interface SystemPromptInput {
  context: ContextSummary;
  depth: number;
  maxDepth: number;
  maxIterations: number;
  subModelContextChars: number;
  outputLimitChars: number;
  /** Instructions the caller passed as system messages. */
  callerInstructions: string | null;
  /** False: sub-calls are disabled (ablation), and the prompt says so. */
  subcalls?: boolean;
  /** Every loaded context by its REPL name (`context`, `context_1`, …); those beyond `context` get their own section. */
  contexts?: NamedContextSummary[];
  /** Caller tools, listed with their description and input shape. */
  tools?: ToolDescription[];
}

const number = (value: number) => value.toLocaleString('en-US');

export function describeContext(context: ContextSummary): string {
  if (context.type === 'none') return '`context` is null: this task comes with no data beyond the question.';
  if (context.type === 'string') return `\`context\` is one string of ${number(context.chars)} characters.`;
  const listing = context.paths.map((path) => `  - ${path}`).join('\n');
  const more =
    context.documents > context.paths.length
      ? `\n  - … and ${number(context.documents - context.paths.length)} more`
      : '';
  return `\`context\` is an array of ${number(context.documents)} documents, each \`{ path, content }\`, ${number(context.chars)} characters of content in total. First paths:\n${listing}${more}`;
}

/**
 * The root model's standing instructions. It never sees the context itself, only this description of it, and
 * works by writing JavaScript that the engine runs in a persistent sandbox.
 */
export function buildSystemPrompt(input: SystemPromptInput): string {
  const canRecurse = input.depth + 1 < input.maxDepth;
  const recursion = canRecurse
    ? '`await rlm_query(prompt, { context?, model? })` → string. Starts a child RLM like you, with its own REPL, whose question is `prompt` and whose `context` is `opts.context` (a string or an array of `{ path, content }`). Use it for sub-problems that themselves need exploring; it costs far more than `llm_query`.'
    : '`await rlm_query(prompt, { context? })` → string. At this depth it is a plain model call: `opts.context` is appended to the prompt. Prefer `llm_query`.';
  const subcallLines =
    input.subcalls === false
      ? `- There are no sub-model calls in this run: \`llm_query\`, \`llm_query_batched\` and \`rlm_query\` are disabled. Solve the task with code alone.`
      : `- \`await llm_query(prompt, { model? })\` → string. One call to a sub-model that reads \`prompt\` and answers. It sees only the prompt, so include the text it needs. It handles about ${number(input.subModelContextChars)} characters per prompt comfortably.
- \`await llm_query_batched(prompts, { model? })\` → string[]. Many prompts answered in parallel, results in the same order; a failed item holds a string starting with \`Error:\` instead of failing the batch.
- ${recursion}`;
  const sections = [
    `You answer a question about data you cannot see directly. The data lives in a JavaScript REPL as the variable \`context\`, and you explore it by writing code. ${input.depth > 0 ? `You are a sub-task at depth ${input.depth}: answer the question you were given, concisely.` : ''}`.trim(),
    `## The context\n${describeContext(input.context)}`,
    `## How you work
Write JavaScript in fenced blocks marked \`\`\`repl (\`\`\`js and \`\`\`ts work too). Every block of a reply runs in order in one persistent session: variables, functions and classes you define stay available in later turns, and top-level \`await\` works. After each reply you receive what the code printed and the value of each block's last expression, and the names of your variables. You only see what you print, and each block's output is cut to about ${number(input.outputLimitChars)} characters (the middle is dropped), so print summaries, counts and short slices, not whole documents. There is no file system, network, require or import.`,
    `## Functions available in the REPL
- \`context\`: the data described above. Read-only; copy it into your own variables to transform it.
- \`print(...values)\` (and \`console.log\`): output you will see.
${subcallLines}
- \`budget()\` → what is left: iterations, tokens, cost, sub-calls, seconds, your depth and the maximum depth. Check it before large fan-outs.
- \`SHOW_VARS()\`: lists the variables you have created.
- \`FINAL(value)\`: ends the task with \`value\` as the answer (objects are sent as JSON). \`FINAL_VAR(name)\` does the same with the variable called \`name\`.`,
    `## Working well
- Sub-calls return Promises. Never await them one by one in a loop: build the prompts and use \`llm_query_batched(prompts)\` or \`await Promise.all(...)\` so they run in parallel.
- Typical strategies: peek at the start and the shape of the data; grep with regular expressions; split the data into chunks that fit a sub-model, map a question over them with \`llm_query_batched\`, then combine the answers in code or with one more call; keep long intermediate results in variables rather than printing them.
- Do not guess what code will print: run it and read the real output in the next turn.
- Your first turn must look at the context before answering anything.
- You have ${input.maxIterations} turns. Finish as soon as you are sure: call \`FINAL(answer)\` or \`FINAL_VAR("name")\` inside a code block, or reply with a line \`FINAL(your answer)\` and no code block. The answer should be complete and self-contained: the caller sees nothing else.`,
  ];
  sections.push(...extraSections(input));
  if (input.callerInstructions) sections.push(`## Instructions from the caller\n${input.callerInstructions}`);
  return sections.join('\n\n');
}
