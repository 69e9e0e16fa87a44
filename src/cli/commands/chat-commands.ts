import { formatCost, formatTokens } from '../../ui/format.ts';
import type { ChatEnvironment } from './chat.ts';

export const CHAT_HELP = [
  'Questions are asked in one session: variables, functions and contexts stay for the next question.',
  '  /context <path|glob>  add files as the next context (context_1, context_2, …)',
  '  /vars                 list the REPL variables and the loaded contexts',
  '  /cost                 tokens and cost per question and for the session',
  '  /help                 this help',
  '  /exit                 end the session (or Ctrl-D); Ctrl-C cancels the running question',
  '  ↑/↓                   earlier input',
].join('\n');

export type CommandOutcome = { text: string; tone?: 'info' | 'error' | 'dim' } | { exit: true };

/** A slash command's output (or the request to end); null when the line is not a command but a question. */
export async function runSlashCommand(env: ChatEnvironment, line: string): Promise<CommandOutcome | null> {
  const match = /^\/(\w+)\s*(.*)$/s.exec(line);
  if (!match) return null;
  const [, name = '', argument = ''] = match;
  switch (name) {
    case 'exit':
    case 'quit':
      return { exit: true };
    case 'help':
      return { text: CHAT_HELP, tone: 'dim' };
    case 'context': {
      if (argument.trim() === '') return { text: 'Usage: /context <path|glob>', tone: 'error' };
      try {
        const added = await env.addContext(argument.trim());
        return { text: `${added.name}: ${added.line.replace(/^context: /, '')}` };
      } catch (error) {
        return { text: `/context: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' };
      }
    }
    case 'vars':
      return { text: await describeVariables(env) };
    case 'cost':
      return { text: describeCost(env) };
    default:
      return { text: `Unknown command /${name}: /help lists the commands.`, tone: 'error' };
  }
}

async function describeVariables(env: ChatEnvironment): Promise<string> {
  const contexts = env.session.contexts();
  const variables = await env.session.variables();
  const lines = [
    contexts.length === 0
      ? 'No context loaded (/context <path> adds one).'
      : `Contexts: ${contexts.map((entry) => `${entry.name} (${entry.summary.documents} doc, ${formatTokens(Math.ceil(entry.summary.chars / 4))} tok ≈)`).join(', ')}`,
    variables.length === 0
      ? 'No variables yet.'
      : `Variables:\n${variables.map((variable) => `  ${variable.name}: ${variable.summary}`).join('\n')}`,
  ];
  return lines.join('\n');
}

function describeCost(env: ChatEnvironment): string {
  const usage = env.session.usage();
  if (usage.questions.length === 0) return 'No questions asked yet.';
  const rows = usage.questions.map(
    (question, index) =>
      `  ${String(index + 1).padStart(2)}. ${formatCost(question.costUsd).padStart(8)}  ${formatTokens(question.usage.inputTokens)} in · ${formatTokens(question.usage.outputTokens)} out  ${oneLine(question.question)}`,
  );
  const total = usage.total;
  rows.push(
    `  session ${formatCost(total.costUsd).padStart(6)}  ${formatTokens(total.total.inputTokens)} in · ${formatTokens(total.total.outputTokens)} out · ${usage.subcalls} sub-calls`,
  );
  return `Cost per question:\n${rows.join('\n')}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
