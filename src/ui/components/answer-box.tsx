import { Box, Text } from 'ink';
import { formatCost, formatDuration } from '../format.ts';
import type { RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';

export function AnswerBox({ view, logFile }: { view: RunView; logFile: string | null }) {
  const theme = useTheme();
  if (view.stopReason === null) return null;
  const ok = view.answer !== null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Box flexDirection="column" borderStyle="round" borderColor={ok ? theme.ok : theme.fail} paddingX={1}>
        <Text bold color={ok ? theme.ok : theme.fail}>
          {ok ? 'Answer' : 'No answer'}{' '}
          <Text dimColor={theme.dim}>
            ({view.stopReason}
            {view.durationMs === null ? '' : ` · ${formatDuration(view.durationMs)}`} · {formatCost(view.costUsd)})
          </Text>
        </Text>
        <Text>{ok ? view.answer : (view.error?.message ?? 'The run stopped without an answer.')}</Text>
      </Box>
      {logFile && <Text dimColor={theme.dim}>{`log: ${logFile}`}</Text>}
    </Box>
  );
}
