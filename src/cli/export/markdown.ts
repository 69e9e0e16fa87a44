import {
  formatCount,
  indexTrajectory,
  replyCallOf,
  rootRlmOf,
  subcallsOfCell,
  summarizeTrajectory,
  type LogHeader,
  type RlmEvent,
  type RlmNode,
  type TrajectoryIndex,
} from '../../engine/internal.ts';
import { formatCost, formatDuration, formatTokens } from '../../ui/format.ts';

const OUTPUT_CHARS = 4_000;

/** A readable report of a run for sharing: summary, cost breakdown, every root turn with code and output. */
export function toMarkdown(header: LogHeader | null, events: RlmEvent[]): string {
  const index = indexTrajectory(events);
  const summary = summarizeTrajectory(index);
  const question = header?.question ?? summary.question ?? '(unknown question)';
  const lines: string[] = [`# ${oneLine(question)}`, ''];
  lines.push(
    `- **Models:** root \`${header?.model ?? '?'}\`, sub \`${header?.subModel ?? '?'}\``,
    `- **Stopped:** ${summary.stopReason ?? 'incomplete (partial log)'} after ${summary.iterations} turn(s), ${summary.subcalls} sub-call(s)${summary.durationMs === null ? '' : `, ${formatDuration(summary.durationMs)}`}`,
    `- **Tokens:** ${formatTokens(summary.usage.total.inputTokens)} in (${formatTokens(summary.usage.total.cachedInputTokens)} cached) · ${formatTokens(summary.usage.total.outputTokens)} out · **${formatCost(summary.usage.costUsd)}**`,
  );
  if (header)
    lines.push(
      `- **Context:** ${header.context.files} file(s), ${formatCount(header.context.chars)} characters${header.context.tokens === null ? '' : `, ${formatCount(header.context.tokens)} tokens`}`,
    );
  if (summary.error) lines.push(`- **Error:** \`${summary.error.code}\` ${summary.error.message}`);
  lines.push(
    '',
    '## Answer',
    '',
    summary.answer ?? '_No answer._',
    '',
    '## Cost by depth and model',
    '',
    '| | calls | input | cached | output | cost |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const [depth, entry] of Object.entries(summary.usage.byDepth)) lines.push(row(`depth ${depth}`, entry));
  for (const [model, entry] of Object.entries(summary.usage.byModel)) lines.push(row(`\`${model}\``, entry));

  const several = index.questions.length > 1;
  index.questions.forEach((asked, position) => {
    if (several)
      lines.push('', `## Question ${position + 1}: ${oneLine(asked.question)}`, '', asked.answer ?? '_No answer._');
    const root = rootRlmOf(index, asked);
    if (root) lines.push(...turns(index, root, several ? '###' : '##'));
  });
  return `${lines.join('\n')}\n`;
}

/** Every root turn in event order: its reply's prose, each cell's code and output, and the sub-calls it made. */
function turns(index: TrajectoryIndex, root: RlmNode, heading: string): string[] {
  const lines: string[] = [];
  for (const iteration of root.iterations) {
    lines.push('', `${heading} Turn ${iteration.iteration}`);
    for (const compaction of iteration.compactions)
      lines.push(
        '',
        `> **Compaction:** ${compaction.replacedMessages} earlier messages were replaced by the root model's summary (~${formatTokens(compaction.tokensBefore)} → ~${formatTokens(compaction.tokensAfter)} tokens):`,
        '>',
        ...compaction.summary.split('\n').map((line) => `> ${line}`),
      );
    const prose = (replyCallOf(index, iteration)?.end?.text ?? '').replace(/```[\s\S]*?```/g, '').trim();
    if (prose) lines.push('', prose);
    for (const cell of iteration.cells) {
      const subcalls = subcallsOfCell(index, cell);
      lines.push('', '```js', cell.code, '```');
      if (cell.result)
        lines.push(
          '',
          '<details><summary>Output</summary>',
          '',
          '```text',
          clip(cell.result.modelOutput),
          '```',
          '',
          '</details>',
        );
      for (const call of cell.toolCallIds.flatMap((id) => index.tools[id] ?? []))
        lines.push(
          '',
          `Tool \`${call.name}\`(${quote(JSON.stringify(call.input) ?? '')}) → ${call.error ? `error: ${oneLine(call.error)}` : quote(JSON.stringify(call.output) ?? '')}`,
        );
      if (subcalls.length > 0) {
        const kinds = [
          ...new Set(
            subcalls.map((call) =>
              call.mode === 'rlm' ? 'child RLM' : call.batchId ? 'batched llm_query' : 'llm_query',
            ),
          ),
        ];
        lines.push(
          '',
          `${subcalls.length} sub-call(s) (${kinds.join(', ')}); first prompt: ${quote(subcalls[0]?.prompt ?? '')}`,
        );
      }
    }
  }
  return lines;
}

function row(
  label: string,
  entry: {
    calls: number;
    usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number };
    costUsd: number | null;
  },
): string {
  return `| ${label} | ${entry.calls} | ${formatTokens(entry.usage.inputTokens)} | ${formatTokens(entry.usage.cachedInputTokens)} | ${formatTokens(entry.usage.outputTokens)} | ${formatCost(entry.costUsd)} |`;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const clip = (text: string) =>
  text.length > OUTPUT_CHARS
    ? `${text.slice(0, OUTPUT_CHARS)}\n… (${text.length - OUTPUT_CHARS} more characters)`
    : text;
const quote = (text: string) => `“${oneLine(text).slice(0, 160)}${text.length > 160 ? '…' : ''}”`;
