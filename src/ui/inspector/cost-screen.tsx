import { Box, Text } from 'ink';
import type { Usage } from '../../engine/internal.ts';
import { formatCount } from '../../engine/internal-light.ts';
import { formatCost } from '../format.ts';
import { useTheme } from '../theme.tsx';
import type { InspectorData } from './inspector-data.ts';

type Entry = { usage: Usage; costUsd: number | null; calls: number };

const COLUMNS = ['calls', 'input', 'cached', 'output', 'cost'];
const costText = (cost: number | null) => (cost === null ? 'unknown' : formatCost(cost));

function row(name: string, entry: Entry, width: number): string {
  const cells = [
    formatCount(entry.calls),
    formatCount(entry.usage.inputTokens),
    formatCount(entry.usage.cachedInputTokens),
    formatCount(entry.usage.outputTokens),
    costText(entry.costUsd),
  ];
  return name.padEnd(width) + cells.map((cell) => cell.padStart(12)).join('');
}

function Table({ title, entries }: { title: string; entries: Array<[string, Entry]> }) {
  const theme = useTheme();
  const width = Math.max(12, ...entries.map(([name]) => name.length + 2));
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text color={theme.accent} bold>
        {title}
      </Text>
      <Text dimColor={theme.dim}>{''.padEnd(width) + COLUMNS.map((column) => column.padStart(12)).join('')}</Text>
      {entries.map(([name, entry]) => (
        <Text key={name} wrap="truncate-end">
          {row(name, entry, width)}
        </Text>
      ))}
    </Box>
  );
}

/** `c`: tokens and dollars by depth and by model, rebuilt from the calls (partial logs too); unknown prices say so. */
export function CostScreenView({ data, height }: { data: InspectorData; height: number }) {
  const theme = useTheme();
  const usage = data.summary.usage;
  const calls = Object.values(usage.byModel).reduce((sum, entry) => sum + entry.calls, 0);
  const total: Entry = { usage: usage.total, costUsd: usage.costUsd, calls };
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Table
        title="by depth"
        entries={Object.entries(usage.byDepth).map(([depth, entry]) => [`depth ${depth}`, entry])}
      />
      <Table title="by model" entries={Object.entries(usage.byModel)} />
      <Table title="total" entries={[['all calls', total]]} />
      {usage.costUsd === null && (
        <Text color={theme.warn}>
          unknown: some model has no price in the table (add one in the config to see dollars)
        </Text>
      )}
    </Box>
  );
}
