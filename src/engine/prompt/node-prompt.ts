import type { ReplLanguage, ReplLimits } from '../repl/repl-session.ts';
import type { ToolDescription } from '../tools/caller-tools.ts';
import type { NamedContextSummary } from './context-description.ts';
import { buildSystemPrompt } from './system-prompt.ts';
import { questionMessage } from './turn-messages.ts';

/** The settings of a run that shape its prompts. */
export interface PromptSettings {
  maxIterations: number;
  maxDepth: number;
  subcalls: boolean;
  subcallCapacityChars: number;
  systemPrompt: string | null;
  replReference: boolean;
  instructions: string | null;
}

export interface NodePromptInput {
  settings: PromptSettings;
  /** The REPL the prompt describes: its language and its output limit. */
  session: { language: ReplLanguage; limits: Pick<ReplLimits, 'outputLimitChars'> };
  depth: number;
  question: string;
  contexts: NamedContextSummary[];
  /** A session's earlier questions, whose variables are still in the REPL. */
  earlierQuestions?: string[] | undefined;
  /** System messages of a chat input (root only). */
  callerInstructions: string | null;
  tools?: ToolDescription[] | undefined;
}

/** What one RLM is sent first: its instructions and the question message. The one place both are composed. */
export function composeNodePrompt(input: NodePromptInput): { instructions: string; question: string } {
  const { settings, session } = input;
  const instructions = buildSystemPrompt({
    language: session.language,
    outputLimitChars: session.limits.outputLimitChars,
    depth: input.depth,
    maxDepth: settings.maxDepth,
    subcalls: settings.subcalls,
    tools: input.tools,
    maxIterations: settings.maxIterations,
    subcallCapacityChars: settings.subcallCapacityChars,
    systemPrompt: settings.systemPrompt,
    replReference: settings.replReference,
    instructions: settings.instructions,
    callerInstructions: input.callerInstructions,
  });
  const question = questionMessage({
    question: input.question,
    contexts: input.contexts,
    maxIterations: settings.maxIterations,
    earlierQuestions: input.earlierQuestions,
  });
  return { instructions, question };
}
