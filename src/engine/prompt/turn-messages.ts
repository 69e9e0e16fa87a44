import type { VariableSummary } from '../sandbox/index.ts';

const turn = (iteration: number, maxIterations: number) => `Turn ${iteration}/${maxIterations}.`;

const EARLIER_QUESTION_CHARS = 300;

/** The question; in a session, preceded by the earlier questions whose variables are still in the REPL. */
export function questionMessage(question: string, maxIterations: number, earlierQuestions: string[] = []): string {
  if (earlierQuestions.length === 0)
    return `Question: ${question}\n\n${turn(1, maxIterations)} You have not seen the context yet. Start by exploring it in code (its type, size, and a sample); do not answer yet.`;
  const listed = earlierQuestions
    .map((earlier, index) => {
      const short = earlier.length > EARLIER_QUESTION_CHARS ? `${earlier.slice(0, EARLIER_QUESTION_CHARS)}…` : earlier;
      return `${index + 1}. ${short.replace(/\s+/g, ' ')}`;
    })
    .join('\n');
  return `This REPL session already answered ${earlierQuestions.length} earlier question(s):\n${listed}\n\nThe variables and functions defined for them still exist (SHOW_VARS() lists them), and \`history\` holds each earlier question with its \`answer\` and full \`messages\`.\n\nQuestion: ${question}\n\n${turn(1, maxIterations)} Explore in code what you need for this question (reuse earlier variables where they help); do not answer yet.`;
}

export interface BlockObservation {
  index: number;
  modelOutput: string;
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
  sections.push(
    `${turn(parts.nextIteration, parts.maxIterations)} Continue, or finish with FINAL(answer) / FINAL_VAR(name).`,
  );
  return sections.join('\n\n');
}

export function emptyReplyMessage(iteration: number, maxIterations: number, reasoningOnly: boolean): string {
  const what = reasoningOnly
    ? 'Your last reply contained only hidden reasoning and no text.'
    : 'Your last reply was empty.';
  return `${what} Reply with a \`\`\`repl code block to run, or with a line FINAL(answer).\n\n${turn(iteration, maxIterations)}`;
}

export function noCodeMessage(iteration: number, maxIterations: number): string {
  return `Your last reply had neither a \`\`\`repl code block nor a FINAL(...) line, so nothing ran. Write code to continue, or finish with FINAL(answer).\n\n${turn(iteration, maxIterations)}`;
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
  return `${why} Reply now with your best answer from what you found so far, as a single line FINAL(your answer). Do not write code.`;
}

/** Stands in for turns that compaction replaced: the root's own summary, and where the full messages are. */
export function compactedSummaryMessage(summary: string, replacedMessages: number, earlierQuestions: number): string {
  return `[${replacedMessages} earlier messages of this question were compacted to stay within the context window. The full messages are in the REPL as \`history[${earlierQuestions}].messages\`. My summary of them:]\n\n${summary}`;
}
