import { BATCH_WIDTH } from './capacity.ts';
import { replReference, type ReplReferenceInput } from './repl-reference.ts';
import { formatCount } from '../format-count.ts';

export interface SystemPromptInput extends ReplReferenceInput {
  maxIterations: number;
  /** Characters one sub-call reads well (from the sub-model's window). */
  subcallCapacityChars: number;
  /** Replaces the default role and guidance; the REPL reference is still appended unless `replReference` is false. */
  systemPrompt?: string | null | undefined;
  /** False: a replacement prompt is sent exactly as written. Default true. */
  replReference?: boolean | undefined;
  /** The user's own instructions, appended to whichever prompt is used. */
  instructions?: string | null | undefined;
  /** System messages of a chat input. */
  callerInstructions?: string | null | undefined;
}

/**
 * The standing instructions of one RLM of the tree. It never sees the data, only a description of it (sent with the
 * question, see turn-messages.ts, so that this text stays the same across questions and a custom prompt keeps it).
 */
export function buildSystemPrompt(input: SystemPromptInput): string {
  const sections =
    input.systemPrompt === undefined || input.systemPrompt === null
      ? [...defaultGuidance(input), replReference(input)]
      : [input.systemPrompt.trim(), ...(input.replReference === false ? [] : [replReference(input)])];
  if (input.instructions?.trim()) sections.push(`## Instructions\n${input.instructions.trim()}`);
  if (input.callerInstructions?.trim())
    sections.push(`## Instructions from the caller\n${input.callerInstructions.trim()}`);
  return sections.join('\n\n');
}

function defaultGuidance(input: SystemPromptInput): string[] {
  return [
    role(input),
    orchestration(input),
    ...(input.subcalls ? [codeOrSubcalls(), sizing(input)] : [codeOnly()]),
    turns(input),
  ];
}

function role({ depth, maxDepth, language }: SystemPromptInput): string {
  const where = `The data for your question waits in a ${language.name} REPL as \`context\`. You never see it directly: you write code that looks at it, and you hand reading and interpretation to sub-models that your code calls.`;
  if (depth === 0) return `You are the root of a Recursive Language Model (RLM). ${where}`;
  const below = depth + 1 < maxDepth ? 'you may start children of your own' : 'you are the deepest level';
  return `You are a child RLM at depth ${depth} (the root is at depth 0; ${below}), started by a parent RLM for one sub-task. ${where} Answer the sub-task completely and concisely: the parent reads only your final answer.`;
}

function orchestration({ subcalls }: SystemPromptInput): string {
  const delegate = subcalls ? ', and which sub-calls each one issues' : '';
  return `## Orchestrate, do not solve by hand
Your own context window is small, and everything you print stays in it. Work as the planner:
1. Probe first: the type and size of \`context\`, a short sample, how it is laid out (lines, records, documents).
2. Then state your plan before running it: which turns compute what${delegate}.
3. Run it a turn at a time. After each step print a small sample of the result and check that it looks right before building on it.
4. Finish only once the candidate answer has been printed and checked.`;
}

function codeOrSubcalls(): string {
  return `## Code or sub-calls
- When a regular expression or a keyword search already pins the answer, use code: it is exact, fast and free.
- Use sub-calls for text that will not fit in your window or that needs interpretation: reading, summarising, classifying, judging.
- Long printed output fills your history as surely as reading the context would. Print counts, short slices and samples; to see what something long says, ask a sub-call for a recap of a few sentences and print that.
- Sub-models see only their prompt: no REPL, no \`context\`, no memory of other calls. Give each a clean, focused input with the instructions it needs, and ask for a terse, structured answer (a number, a label, one JSON line) your code can parse.`;
}

function sizing({ subcallCapacityChars }: SystemPromptInput): string {
  const capacity = formatCount(subcallCapacityChars);
  const both = formatCount(subcallCapacityChars * BATCH_WIDTH);
  return `## Sizing sub-calls
- One sub-call reads well up to about ${capacity} characters of input, less for dense text (code, tables, logs). Fill each prompt close to that: a chunk of many records or a whole document, not one item per prompt.
- Send about ${BATCH_WIDTH} prompts per batch. A batch of hundreds of tiny prompts is the mistake to avoid; several batches of about ${BATCH_WIDTH} full prompts, one after another, do the same work better.
- When the work exceeds both (well over ${both} characters to read), do not brute-force it: narrow it in code first (filter, deduplicate, grep for candidates), or work in stages, a cheap coarse pass that picks candidates, then a focused pass over the survivors.
- One batched call beats a loop of single calls: the same work in far fewer turns.`;
}

function codeOnly(): string {
  return `## Code only
This run has no sub-model calls: read, search and compute with code. Print counts, short slices and samples, never whole documents: everything you print stays in your window.`;
}

function turns({ maxIterations }: SystemPromptInput): string {
  return `## Turns
You have ${maxIterations} turns. If you are near the end without a confirmed answer, submit your best inference with FINAL rather than run out of turns with no answer at all.`;
}
