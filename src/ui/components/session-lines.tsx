import { Text } from 'ink';
import type { ToolCallNode } from '../../engine/internal.ts';
import { firstLine, formatDuration, formatTokens } from '../format.ts';
import type { IterationView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';

/** One line per compaction of the turn: the earlier turns were replaced by the root model's own summary. */
export function CompactionLines({ iteration }: { iteration: IterationView }) {
  const theme = useTheme();
  return iteration.compactions.map((compaction, index) => (
    <Text key={index} color={theme.warn} wrap="truncate-end">
      {`  ⟲ compacted ${compaction.replacedMessages} earlier messages into a summary: ~${formatTokens(compaction.tokensBefore)} → ~${formatTokens(compaction.tokensAfter)} tokens (full messages in \`history\`)`}
    </Text>
  ));
}

/** One line per caller-tool call of a cell: name, input, outcome, time. */
export function ToolCallLines({ calls }: { calls: ToolCallNode[] }) {
  const theme = useTheme();
  return calls.map((call) => {
    const mark = call.status === 'running' ? '…' : call.status === 'done' ? '✓' : '✗';
    const color = call.status === 'running' ? undefined : call.status === 'done' ? theme.ok : theme.fail;
    const outcome = call.error ? ` ${firstLine(call.error, 60)}` : '';
    return (
      <Text key={call.toolCallId} wrap="truncate-end">
        <Text color={color}>{`    ${mark} `}</Text>
        <Text color={theme.subcall}>{`tool ${call.name}`}</Text>
        <Text dimColor={theme.dim}>{`(${firstLine(JSON.stringify(call.input) ?? '', 50)})`}</Text>
        <Text dimColor={theme.dim}>{call.durationMs === null ? '' : ` · ${formatDuration(call.durationMs)}`}</Text>
        <Text color={theme.fail}>{outcome}</Text>
      </Text>
    );
  });
}
