import { summarizeTrajectory, type LogHeader, type RlmEvent, type RlmEventOf } from '../../engine/index.ts';
import { formatCost, formatDuration, formatTokens } from '../../ui/format.ts';

const OUTPUT_CHARS = 4_000;

/** A readable report of a run for sharing: summary, cost breakdown, every root turn with code and output. */
export function toMarkdown(header: LogHeader | null, events: RlmEvent[]): string {
  const summary = summarizeTrajectory(events);
  const question = header?.question ?? summary.question ?? '(unknown question)';
  const lines: string[] = [`# ${oneLine(question)}`, ''];
  lines.push(
    `- **Models:** root \`${header?.model ?? '?'}\`, sub \`${header?.subModel ?? '?'}\``,
    `- **Stopped:** ${summary.stopReason ?? 'incomplete (partial log)'} after ${summary.iterations} turn(s), ${summary.subcalls} sub-call(s)${summary.durationMs === null ? '' : `, ${formatDuration(summary.durationMs)}`}`,
    `- **Tokens:** ${formatTokens(summary.usage.total.inputTokens)} in (${formatTokens(summary.usage.total.cachedInputTokens)} cached) · ${formatTokens(summary.usage.total.outputTokens)} out · **${formatCost(summary.usage.costUsd)}**`,
  );
  if (header)
    lines.push(
      `- **Context:** ${header.context.files} file(s), ${header.context.chars.toLocaleString('en-US')} characters${header.context.tokens === null ? '' : `, ${header.context.tokens.toLocaleString('en-US')} tokens`}`,
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

  for (const begin of events.filter(
    (event): event is RlmEventOf<'iteration_start'> => event.type === 'iteration_start' && event.rlmId === 'r0',
  )) {
    lines.push('', `## Turn ${begin.iteration}`);
    const reply = events.find(
      (event): event is RlmEventOf<'llm_call_end'> =>
        event.type === 'llm_call_end' && event.rlmId === 'r0' && event.purpose !== 'sub' && event.ts >= begin.ts,
    );
    const prose = (reply?.text ?? '').replace(/```[\s\S]*?```/g, '').trim();
    if (prose) lines.push('', prose);
    const blocks = events.filter(
      (event): event is RlmEventOf<'code_block'> =>
        event.type === 'code_block' && event.rlmId === 'r0' && event.iteration === begin.iteration,
    );
    for (const block of blocks) {
      const output = events.find(
        (event): event is RlmEventOf<'repl_output'> =>
          event.type === 'repl_output' &&
          event.rlmId === 'r0' &&
          event.iteration === begin.iteration &&
          event.index === block.index,
      );
      const subcalls = events.filter(
        (event): event is RlmEventOf<'subcall_start'> =>
          event.type === 'subcall_start' &&
          event.rlmId === 'r0' &&
          event.iteration === begin.iteration &&
          event.blockIndex === block.index,
      );
      lines.push('', '```js', block.code, '```');
      if (output)
        lines.push(
          '',
          '<details><summary>Output</summary>',
          '',
          '```text',
          clip(output.modelOutput),
          '```',
          '',
          '</details>',
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
  return `${lines.join('\n')}\n`;
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
