import { Box, Text } from 'ink';
import { firstLine, formatCost, formatTokens } from '../format.ts';
import type { IterationView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { parentOfRlm, subcallsOfIteration, type InspectorData } from './inspector-data.ts';
import { windowStart, type RlmScreen } from './nav-state.ts';

const WIDTH = 100;

/** Screen 1: an RLM's iterations, one line each (labels, sub-calls, tokens, cost), with a cursor. */
export function RlmScreenView({ data, screen, height }: { data: InspectorData; screen: RlmScreen; height: number }) {
  const theme = useTheme();
  const rlm = data.view.rlms[screen.rlmId];
  const parent = parentOfRlm(data, screen.rlmId);
  const iterations = rlm?.iterations ?? [];
  const start = windowStart(screen.cursor, iterations.length, height);
  const answer = rlm?.answer ?? (screen.rlmId === 'r0' ? data.summary.answer : null);
  return (
    <Box flexDirection="column" height={height + 3} overflow="hidden">
      <Text wrap="truncate-end">
        <Text dimColor={theme.dim}>
          {parent
            ? `${parent.kind} ${parent.id} from ${parent.rlmId} › turn ${parent.iteration} · ${parent.model} · prompt: `
            : `root ${data.view.model} · sub ${data.view.subModel} · question: `}
        </Text>
        {firstLine(parent ? parent.prompt : data.view.question, WIDTH)}
      </Text>
      <Text wrap="truncate-end">
        <Text dimColor={theme.dim}>answer: </Text>
        {answer === null ? (
          <Text color={theme.warn}>{parent?.error ? `none (${firstLine(parent.error, WIDTH)})` : 'none'}</Text>
        ) : (
          <Text color={theme.ok}>{firstLine(answer, WIDTH * 2)}</Text>
        )}
      </Text>
      <Text dimColor={theme.dim} wrap="truncate-end">
        {iterations.length === 0
          ? 'no iterations in this log'
          : `  ${'turn'.padEnd(9)}${'cells'.padEnd(32)}${'sub-calls'.padStart(10)}   tokens · cost`}
      </Text>
      {iterations.slice(start, start + height).map((iteration, index) => (
        <IterationRow
          key={iteration.iteration}
          data={data}
          iteration={iteration}
          selected={start + index === screen.cursor}
        />
      ))}
    </Box>
  );
}

function IterationRow({
  data,
  iteration,
  selected,
}: {
  data: InspectorData;
  iteration: IterationView;
  selected: boolean;
}) {
  const theme = useTheme();
  const labels = [...new Set(iteration.cells.flatMap((cell) => cell.labels))].map((label) => `[${label}]`).join(' ');
  const subcalls = subcallsOfIteration(data, iteration).length;
  const cells = iteration.cells.length === 0 ? 'no code' : labels;
  return (
    <Text wrap="truncate-end">
      <Text color={selected ? theme.accent : undefined} bold={selected}>
        {selected ? '› ' : '  '}
        {`turn ${iteration.iteration}`.padEnd(9)}
      </Text>
      <Text
        color={iteration.cells.length === 0 ? undefined : theme.label}
        dimColor={iteration.cells.length === 0 && theme.dim}
      >
        {cells.padEnd(32)}
      </Text>
      <Text color={subcalls > 0 ? theme.subcall : undefined}>{String(subcalls).padStart(10)}</Text>
      <Text
        dimColor={theme.dim}
      >{`   ${formatTokens(iteration.usage.inputTokens)} in · ${formatTokens(iteration.usage.outputTokens)} out · ${formatCost(iteration.costUsd)}`}</Text>
      {!iteration.done && <Text color={theme.warn}> · unfinished</Text>}
    </Text>
  );
}
