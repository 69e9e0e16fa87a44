import { Box, Text } from 'ink';
import { formatCost, formatTokens } from '../format.ts';
import { useTheme } from '../theme.tsx';
import type { InspectorData } from './inspector-data.ts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Top two lines: how the run ended (or that it did not) with its totals and question, then the breadcrumb. */
export function InspectorHeader({ data, crumbs }: { data: InspectorData; crumbs: string[] }) {
  const theme = useTheme();
  const { summary } = data;
  const question = data.header?.question ?? summary.question ?? data.view.question;
  const status = data.partial
    ? { text: 'partial: the run did not finish', color: theme.warn }
    : {
        text: summary.stopReason === 'final' ? '✓ final' : `✗ ${summary.stopReason ?? 'stopped'}`,
        color: summary.stopReason === 'final' ? theme.ok : theme.fail,
      };
  const totals = `${plural(summary.iterations, 'turn')} · ${plural(summary.subcalls, 'sub-call')} · ${formatTokens(summary.usage.total.inputTokens)} in · ${formatTokens(summary.usage.total.outputTokens)} out · ${formatCost(summary.usage.costUsd)}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={status.color} bold>
          {status.text}
        </Text>
        <Text dimColor={theme.dim}>{` · ${totals} · `}</Text>
        <Text>{question}</Text>
      </Text>
      <Text wrap="truncate-end">
        {crumbs.map((crumb, index) => (
          <Text
            key={index}
            color={index === crumbs.length - 1 ? theme.accent : undefined}
            bold={index === crumbs.length - 1}
            dimColor={index < crumbs.length - 1 && theme.dim}
          >
            {index > 0 ? ' › ' : ''}
            {crumb}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

/** Bottom line: the keys of this screen and, for texts, where in the text the view is. */
export function InspectorFooter({ hints, position }: { hints: string; position: string | null }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" dimColor={theme.dim}>
      {position ? `${position} · ` : ''}
      {hints}
    </Text>
  );
}

/** `lines 31–60 of 412` for a text window. */
export function positionOf(scroll: number, height: number, total: number): string {
  if (total === 0) return 'empty';
  return `lines ${scroll + 1}–${Math.min(total, scroll + height)} of ${total}`;
}
