import { Box, Text } from 'ink';
import { formatTokens, partCost } from '../format.ts';
import type { IterationView, RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { CodeCell } from './code-cell.tsx';
import { CompactionLines, ToolCallLines } from './session-lines.tsx';
import { SubcallTree, type TreeOptions } from './subcall-tree.tsx';

const PROSE_LINES = 3;

/** The model's prose without its code fences (the cells show the code). */
export function proseOf(reply: string): string {
  return reply.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1\s*$/gm, '').trim();
}

/** One root turn: the model's prose (first lines unless `fullProse`), then each code cell with its sub-call tree. */
export function IterationBlock({
  view,
  iteration,
  maxIterations,
  fullProse,
  options,
}: {
  view: RunView;
  iteration: IterationView;
  maxIterations: number;
  fullProse: boolean;
  options: TreeOptions;
}) {
  const theme = useTheme();
  const prose = proseOf(iteration.reply)
    .split('\n')
    .filter((line) => line.trim() !== '');
  const shown = fullProse ? prose : prose.slice(0, PROSE_LINES);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Text color={theme.accent} bold>{`▸ Turn ${iteration.iteration}/${maxIterations}`}</Text>
        <Text
          dimColor={theme.dim}
        >{`  ${formatTokens(iteration.usage.inputTokens)} in · ${formatTokens(iteration.usage.outputTokens)} out${partCost(iteration.costUsd, view.costUsd)}`}</Text>
      </Text>
      {shown.map((line, index) => (
        <Text key={index} wrap={fullProse ? 'wrap' : 'truncate-end'}>
          {`  ${line}`}
        </Text>
      ))}
      {prose.length > shown.length && (
        <Text dimColor={theme.dim}>{`  … ${prose.length - shown.length} more lines (v: show)`}</Text>
      )}
      <CompactionLines iteration={iteration} />
      {iteration.cells.map((cell) => (
        <Box key={cell.index} flexDirection="column">
          <CodeCell cell={cell} stopped={options.stopped ?? false} />
          <ToolCallLines calls={cell.toolCallIds.flatMap((id) => view.tools[id] ?? [])} />
          <SubcallTree view={view} cell={cell} options={options} />
        </Box>
      ))}
    </Box>
  );
}
