import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { highlightLines } from '../highlight.ts';
import type { CellView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { formatDuration } from '../format.ts';
import { formatCount } from '../../engine/internal-light.ts';

const MAX_CODE_LINES = 12;
const MAX_OUTPUT_LINES = 8;

export function CellLabels({ labels }: { labels: CellView['labels'] }) {
  const theme = useTheme();
  return (
    <Text color={theme.label} bold>
      {labels.map((label) => `[${label}]`).join(' ')}
    </Text>
  );
}

/** One code cell: labels, highlighted code (first lines), and its output with the omitted count. */
export const CodeCell = memo(
  CodeCellView,
  (before, after) =>
    before.full === after.full && before.stopped === after.stopped && sameCellContent(before.cell, after.cell),
);

/** Sub-calls change a cell's object many times a second; its rendering depends only on these fields. */
function sameCellContent(a: CellView, b: CellView): boolean {
  return (
    a.code === b.code &&
    a.output === b.output &&
    a.status === b.status &&
    a.durationMs === b.durationMs &&
    a.sessionReset === b.sessionReset &&
    a.cancelled === b.cancelled &&
    a.omittedChars === b.omittedChars &&
    a.labels.join() === b.labels.join()
  );
}

function CodeCellView({ cell, full = false, stopped = false }: { cell: CellView; full?: boolean; stopped?: boolean }) {
  const theme = useTheme();
  const lines = useMemo(() => highlightLines(cell.code), [cell.code]);
  const shown = full ? lines : lines.slice(0, MAX_CODE_LINES);
  const output = (cell.output ?? '').split('\n');
  const outputShown = full ? output : output.slice(0, MAX_OUTPUT_LINES);
  const status =
    cell.status === 'running' ? (
      stopped ? (
        <Text color={theme.fail}>✗ left unfinished</Text>
      ) : (
        <Text color={theme.warn}>running…</Text>
      )
    ) : cell.cancelled ? (
      <Text color={theme.warn}>✗ cancelled</Text>
    ) : cell.status === 'error' ? (
      <Text color={theme.fail}>✗ error</Text>
    ) : (
      <Text color={theme.ok}>✓</Text>
    );
  return (
    <Box flexDirection="column" marginLeft={2}>
      <Box gap={1}>
        <Text dimColor={theme.dim}>cell {cell.index + 1}</Text>
        <CellLabels labels={cell.labels} />
        {status}
        {cell.durationMs !== null && <Text dimColor={theme.dim}>{formatDuration(cell.durationMs)}</Text>}
        {cell.sessionReset && <Text color={theme.warn}>sandbox restarted</Text>}
      </Box>
      <Box
        flexDirection="column"
        borderStyle="single"
        borderLeft
        borderRight={false}
        borderTop={false}
        borderBottom={false}
        paddingLeft={1}
        borderDimColor
      >
        {shown.map((segments, lineIndex) => (
          <Text key={lineIndex} wrap="truncate-end">
            {segments.length === 0
              ? ' '
              : segments.map((segment, index) => (
                  <Text key={index} color={theme.code[segment.kind]}>
                    {segment.text}
                  </Text>
                ))}
          </Text>
        ))}
        {lines.length > shown.length && <Text dimColor={theme.dim}>… {lines.length - shown.length} more lines</Text>}
      </Box>
      {cell.output !== null && (
        <Box flexDirection="column" marginLeft={2}>
          {outputShown.map((line, index) => (
            <Text key={index} dimColor={theme.dim} wrap="truncate-end">
              {index === 0 ? '⟨ ' : '  '}
              {line}
            </Text>
          ))}
          {output.length > outputShown.length && (
            <Text dimColor={theme.dim}> … {output.length - outputShown.length} more lines</Text>
          )}
          {cell.omittedChars > 0 && (
            <Text color={theme.warn}> ({formatCount(cell.omittedChars)} characters omitted for the model)</Text>
          )}
        </Box>
      )}
    </Box>
  );
}
