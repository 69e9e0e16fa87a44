import type { VariableSummary } from '../sandbox/index.ts';
import { describeContexts, type NamedContextSummary } from './context-description.ts';

const turn = (iteration: number, maxIterations: number) => `Turn ${iteration}/${maxIterations}.`;

const EARLIER_QUESTION_CHARS = 300;

/**
 * The first message: the question, what the REPL holds, and the first turn's job. In a session it begins with the
 * earlier questions, whose variables are still in the REPL.
 */
export function questionMessage(parts: {
  question: string;
  contexts: NamedContextSummary[];
  maxIterations: number;
  earlierQuestions?: string[] | undefined;
}): string {
  const earlier = parts.earlierQuestions ?? [];
  const noData = parts.contexts.every((entry) => entry.context.type === 'none');
  const firstStep =
    earlier.length > 0
      ? 'Explore in code what you need for this question (reuse earlier variables where they help); do not answer yet.'
      : noData
        ? 'There is no data to probe: work the question out in code, then finish with FINAL.'
        : 'You have not looked at the data yet: probe it first (its type, size, a short sample, how it is laid out). Do not answer yet.';
  const body = `Question: ${parts.question}\n\n## The data\n${describeContexts(parts.contexts)}\n\n${turn(1, parts.maxIterations)} ${firstStep}`;
  if (earlier.length === 0) return body;
  const listed = earlier
    .map((question, index) => {
      const short =
        question.length > EARLIER_QUESTION_CHARS ? `${question.slice(0, EARLIER_QUESTION_CHARS)}…` : question;
      return `${index + 1}. ${short.replace(/\s+/g, ' ')}`;
    })
    .join('\n');
  return `This REPL session already answered ${earlier.length} earlier question(s):\n${listed}\n\nThe variables and functions defined for them still exist (SHOW_VARS() lists them), and \`history\` holds each earlier question with its \`answer\` and full \`messages\`.\n\n${body}`;
}

export interface BlockObservation {
  index: number;
  modelOutput: string;
  /** Characters cut from the middle of this block's report. */
  omittedChars?: number;
}

/** One message carrying every block's (truncated) output, the variables, and the next turn number. */
export function observationMessage(parts: {
  blocks: BlockObservation[];
  skippedBlocks: number;
  variables: VariableSummary[];
  nextIteration: number;
  maxIterations: number;
  textualFinalIgnored: boolean;
}): string {
  const sections = parts.blocks.map((block) =>
    parts.blocks.length === 1
      ? `Output:\n\`\`\`\n${block.modelOutput}\n\`\`\``
      : `Output of block ${block.index + 1}:\n\`\`\`\n${block.modelOutput}\n\`\`\``,
  );
  if (parts.skippedBlocks > 0) sections.push(`(${parts.skippedBlocks} later block(s) did not run.)`);
  if (parts.textualFinalIgnored) {
    sections.push(
      'Your reply had a FINAL(...) line as well as code. The code ran first and its real output is above; if the answer still holds, call FINAL in code or reply with only the FINAL line.',
    );
  }
  const variables =
    parts.variables.length > 0
      ? parts.variables.map((variable) => `${variable.name} (${variable.summary})`).join(', ')
      : 'none yet';
  sections.push(`Variables: ${variables}`);
  if (parts.blocks.some((block) => (block.omittedChars ?? 0) > 0))
    sections.push(
      'Some output was cut. Long output fills your window: print counts and samples, or ask a sub-call for a short recap and print that.',
    );
  sections.push(
    `${turn(parts.nextIteration, parts.maxIterations)} ${nextStep(parts.nextIteration, parts.maxIterations)}`,
  );
  return sections.join('\n\n');
}

/** What the next turn is for: the plan after the first probe, the best answer when turns run out. */
function nextStep(iteration: number, maxIterations: number): string {
  const left = maxIterations - iteration + 1;
  if (left === 1)
    return 'This is your last turn: finish now with FINAL(answer) or FINAL_VAR(name), with your best inference if nothing is confirmed.';
  if (left <= 3)
    return `Only ${left} turns left, this one included: if the answer is not confirmed yet, move to it, and submit your best inference rather than none.`;
  if (iteration === 2)
    return 'Now that you have seen the data, state your plan (which turns compute what, and which sub-calls each issues), then start on it.';
  return 'Continue, or finish with FINAL(answer) / FINAL_VAR(name).';
}

export function emptyReplyMessage(
  iteration: number,
  maxIterations: number,
  reasoningOnly: boolean,
  fence: string,
): string {
  const what = reasoningOnly
    ? 'Your last reply contained only hidden reasoning and no text.'
    : 'Your last reply was empty.';
  return `${what} Reply with a \`\`\`${fence} code block to run, or with a line FINAL(answer).\n\n${turn(iteration, maxIterations)}`;
}

export function noCodeMessage(iteration: number, maxIterations: number, fence: string): string {
  return `Your last reply had neither a \`\`\`${fence} code block nor a FINAL(...) line, so nothing ran. Write code to continue, or finish with FINAL(answer).\n\n${turn(iteration, maxIterations)}`;
}

export function finalVarFailedMessage(name: string, problem: string, iteration: number, maxIterations: number): string {
  return `FINAL_VAR(${name}) could not be used: ${problem}\n\n${turn(iteration, maxIterations)}`;
}

export function finalUndefinedMessage(iteration: number, maxIterations: number): string {
  return `FINAL(undefined) is not an answer, so the run goes on. Compute the answer, print it to check it, then call FINAL(answer) or FINAL_VAR("name").\n\n${turn(iteration, maxIterations)}`;
}

export function lastChanceMessage(reason: 'max_iterations' | 'max_errors' | 'budget'): string {
  const why = {
    max_iterations: 'You have used all your turns.',
    max_errors: 'Your code has failed in every cell for too many turns in a row, so the run stops here.',
    budget: 'The run has reached one of its limits; no more code or sub-calls can run.',
  }[reason];
  return `${why} Reply now with your best answer from what you found so far, even if it is not confirmed, as a single line FINAL(your answer). Do not write code.`;
}

/** Stands in for turns that compaction replaced: the root's own summary, and where the full messages are. */
export function compactedSummaryMessage(summary: string, replacedMessages: number, earlierQuestions: number): string {
  return `[${replacedMessages} earlier messages of this question were compacted to stay within the context window. The full messages are in the REPL as \`history[${earlierQuestions}].messages\`. My summary of them:]\n\n${summary}`;
}
