import { Box, Text } from 'ink';
import { formatCost, formatDuration, formatTokens } from '../format.ts';
import type { RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';

/** Always-visible bottom line: tokens, dollars against --max-cost, time against --timeout, turn, in-flight calls, depth. */
export function CostMeter({ view, elapsedMs }: { view: RunView; elapsedMs: number }) {
  const theme = useTheme();
  const limits = view.limits;
  const turn = view.rlms[view.rootRlmId]?.iterations.at(-1)?.iteration ?? 0;
  const cost = `${formatCost(view.costUsd)}${limits?.maxCostUsd === null || limits === null ? '' : ` / ${formatCost(limits.maxCostUsd)}`}`;
  const time = `${formatDuration(elapsedMs)}${limits?.timeoutMs ? ` / ${formatDuration(limits.timeoutMs)}` : ''}`;
  // Open calls minus those waiting for a slot or for their next attempt: what is really in flight.
  const inFlight = Math.max(0, view.callsInFlight - view.callsQueued - view.callsRetrying);
  const costRatio = limits?.maxCostUsd && view.costUsd !== null ? view.costUsd / limits.maxCostUsd : 0;
  const calls = [
    `calls ${inFlight}/${limits?.concurrency ?? '?'} in flight`,
    view.callsQueued > 0 ? ` · ${view.callsQueued} queued` : '',
    view.callsRetrying > 0 ? ` · ${view.callsRetrying} retrying` : '',
  ].join('');
  const warning = budgetWarning(view, costRatio);
  const parts: Array<[string, string | undefined]> = [
    [
      `in ${formatTokens(view.usage.inputTokens)} · out ${formatTokens(view.usage.outputTokens)} · cached ${formatTokens(view.usage.cachedInputTokens)}`,
      undefined,
    ],
    [cost, costRatio >= 1 ? theme.fail : costRatio >= 0.8 ? theme.warn : undefined],
    [time, undefined],
    [`turn ${turn}/${limits?.maxIterations ?? '?'}`, undefined],
    [calls, undefined],
    [`depth ${view.maxDepthSeen}/${limits?.maxDepth ?? '?'}`, undefined],
  ];
  return (
    <Box borderStyle="single" borderTop borderBottom={false} borderLeft={false} borderRight={false} borderDimColor>
      <Text wrap="truncate-end">
        {parts.map(([text, color], index) => (
          <Text key={index} color={color}>
            {index > 0 ? ' │ ' : ''}
            {text}
          </Text>
        ))}
        {warning && <Text color={warning.stopped ? theme.fail : theme.warn}>{` │ ! ${warning.text}`}</Text>}
      </Text>
    </Box>
  );
}

/**
 * The meter's warning, true now: a run stopped at a limit says so (not the 82% it warned at), and a cost warning
 * shows where the cost is now, not where it was when the warning fired.
 */
function budgetWarning(view: RunView, costRatio: number): { text: string; stopped: boolean } | null {
  if ((view.stopReason === 'budget' || view.stopReason === 'timeout') && view.error)
    return { text: limitReached(view.error.message), stopped: true };
  const last = view.warnings.at(-1);
  if (!last) return null;
  if (last.startsWith('cost ') && costRatio > 0)
    return { text: `cost at ${Math.floor(costRatio * 100)}%`, stopped: false };
  return { text: last, stopped: false };
}

/** "The run's cost limit ($0.05) was reached" → "cost limit ($0.05) reached". */
function limitReached(message: string): string {
  const match = /run's (.+?) was reached/.exec(message);
  return match ? `${match[1]} reached` : message;
}
