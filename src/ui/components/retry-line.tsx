import { Text } from 'ink';
import { firstLine, formatDuration } from '../format.ts';
import type { RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';

/** While calls wait to retry, the latest retry as the plain progress prints it: attempt, wait, and why. */
export function RetryLine({ view }: { view: RunView }) {
  const theme = useTheme();
  const retry = view.lastRetry;
  if (view.callsRetrying === 0 || !retry) return null;
  const others = view.callsRetrying - 1;
  return (
    <Text wrap="truncate-end">
      <Text color={theme.warn}>{`↻ retry ${retry.attempt} in ${formatDuration(retry.delayMs)}`}</Text>
      <Text
        dimColor={theme.dim}
      >{` ${firstLine(retry.reason, 90)}${others > 0 ? ` (+${others} more calls waiting to retry)` : ''}`}</Text>
    </Text>
  );
}
