import { Box, Text } from 'ink';
import { formatCost, formatDuration, formatTokens } from '../format.ts';
import type { RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';

/** Always-visible bottom line: tokens, dollars against --max-cost, time against --timeout, turn, in-flight calls, depth. */
export function CostMeter({ view, elapsedMs }: { view: RunView; elapsedMs: number }) {
  const theme = useTheme();
  const limits = view.limits;
  const turn = view.rlms.r0?.iterations.at(-1)?.iteration ?? 0;
  const cost = `${formatCost(view.costUsd)}${limits?.maxCostUsd === null || limits === null ? '' : ` / ${formatCost(limits.maxCostUsd)}`}`;
  const time = `${formatDuration(elapsedMs)}${limits?.timeoutMs ? ` / ${formatDuration(limits.timeoutMs)}` : ''}`;
  // Open calls include those waiting for a slot: at most `concurrency` of them are really in flight.
  const inFlight = limits ? Math.min(view.callsInFlight, limits.concurrency) : view.callsInFlight;
  const queued = view.callsInFlight - inFlight;
  const costRatio = limits?.maxCostUsd && view.costUsd !== null ? view.costUsd / limits.maxCostUsd : 0;
  const parts: Array<[string, string | undefined]> = [
    [
      `in ${formatTokens(view.usage.inputTokens)} · out ${formatTokens(view.usage.outputTokens)} · cached ${formatTokens(view.usage.cachedInputTokens)}`,
      undefined,
    ],
    [cost, costRatio >= 0.8 ? theme.warn : undefined],
    [time, undefined],
    [`turn ${turn}/${limits?.maxIterations ?? '?'}`, undefined],
    [`calls ${inFlight}/${limits?.concurrency ?? '?'} in flight${queued > 0 ? ` · ${queued} queued` : ''}`, undefined],
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
        {view.warnings.length > 0 && <Text color={theme.warn}>{` │ ! ${view.warnings.at(-1)}`}</Text>}
      </Text>
    </Box>
  );
}
