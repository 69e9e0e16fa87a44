import { Box, Text } from 'ink';
import { firstLine, formatCost, formatDuration, formatTokens, percentiles } from '../format.ts';
import type { CellView, RunView, SubcallView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { CellLabels } from './code-cell.tsx';
import { Spinner } from './spinner.tsx';

export interface TreeOptions {
  expandedBatches: ReadonlySet<string>;
  animate: boolean;
}

const MAX_EXPANDED_ITEMS = 40;

function StatusMark({ status, animate }: { status: SubcallView['status']; animate: boolean }) {
  const theme = useTheme();
  if (status === 'running') return <Spinner animate={animate} />;
  return status === 'done' ? <Text color={theme.ok}>✓</Text> : <Text color={theme.fail}>✗</Text>;
}

/** The sub-calls a cell made: batches as one aggregate line (expandable), single calls, and child RLMs nested. */
export function SubcallTree({ view, cell, options }: { view: RunView; cell: CellView; options: TreeOptions }) {
  const singles = cell.subcallIds
    .map((id) => view.subcalls[id])
    .filter((s): s is SubcallView => Boolean(s) && s?.batchId === null);
  if (cell.batchIds.length === 0 && singles.length === 0) return null;
  return (
    <Box flexDirection="column" marginLeft={4}>
      {cell.batchIds.map((batchId) => (
        <BatchLine key={batchId} view={view} batchId={batchId} options={options} />
      ))}
      {singles.map((subcall) => (
        <SubcallLine key={subcall.id} view={view} subcall={subcall} options={options} />
      ))}
    </Box>
  );
}

function BatchLine({ view, batchId, options }: { view: RunView; batchId: string; options: TreeOptions }) {
  const theme = useTheme();
  const items = (view.batches[batchId] ?? [])
    .map((id) => view.subcalls[id])
    .filter((s): s is SubcallView => Boolean(s));
  const finished = items.filter((item) => item.status !== 'running');
  const failed = items.filter((item) => item.status === 'failed').length;
  const retried = items.filter((item) => item.retries > 0).length;
  const cached = items.filter((item) => item.cached).length;
  const latency = percentiles(finished.map((item) => item.latencyMs ?? 0));
  const tokens = items.reduce((sum, item) => sum + item.usage.inputTokens + item.usage.outputTokens, 0);
  const cost = items.reduce<number | null>(
    (sum, item) => (sum === null || item.costUsd === null ? null : sum + item.costUsd),
    0,
  );
  const running = finished.length < items.length;
  const expanded = options.expandedBatches.has(batchId);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {running ? <Spinner animate={options.animate} /> : <Text color={failed > 0 ? theme.warn : theme.ok}>✓</Text>}
        <Text color={theme.subcall} bold>{` map ${finished.length}/${items.length}`}</Text>
        {failed > 0 && <Text color={theme.fail}>{` ✗ ${failed} failed`}</Text>}
        {retried > 0 && <Text color={theme.warn}>{` ↻ ${retried} retried`}</Text>}
        {cached > 0 && <Text dimColor={theme.dim}>{` ${cached} cached`}</Text>}
        <Text dimColor={theme.dim}>
          {latency ? ` · ${formatDuration(latency.p50)} p50 · ${formatDuration(latency.p95)} p95` : ''} ·{' '}
          {formatTokens(tokens)} tok · {formatCost(cost)} · {items[0]?.model ?? ''}
          {expanded ? '' : '  (e: expand)'}
        </Text>
      </Text>
      {expanded && (
        <Box flexDirection="column" marginLeft={2}>
          {items.slice(0, MAX_EXPANDED_ITEMS).map((item, index) => (
            <Text key={item.id} wrap="truncate-end">
              <StatusMark status={item.status} animate={options.animate} />
              <Text
                dimColor={theme.dim}
              >{` #${index + 1} ${item.latencyMs === null ? '' : formatDuration(item.latencyMs)} `}</Text>
              {firstLine(item.error ?? item.response ?? item.prompt, 70)}
            </Text>
          ))}
          {items.length > MAX_EXPANDED_ITEMS && (
            <Text dimColor={theme.dim}>… {items.length - MAX_EXPANDED_ITEMS} more</Text>
          )}
        </Box>
      )}
    </Box>
  );
}

function SubcallLine({ view, subcall, options }: { view: RunView; subcall: SubcallView; options: TreeOptions }) {
  const theme = useTheme();
  const child = subcall.childRlmId ? view.rlms[subcall.childRlmId] : undefined;
  const tokens = subcall.usage.inputTokens + subcall.usage.outputTokens;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <StatusMark status={subcall.status} animate={options.animate} />
        <Text color={theme.subcall} bold>{` ${subcall.kind}`}</Text>
        <Text dimColor={theme.dim}>
          {subcall.mode === 'rlm' ? ` → child ${subcall.childRlmId ?? ''}` : ''} · {subcall.model}
          {subcall.latencyMs === null ? '' : ` · ${formatDuration(subcall.latencyMs)}`} · {formatTokens(tokens)} tok ·{' '}
          {formatCost(subcall.costUsd)}
          {subcall.retries > 0 ? ` · ↻ ${subcall.retries}` : ''}
          {subcall.cached ? ' · cached' : ''}
        </Text>
        <Text>{`  ${firstLine(subcall.prompt, 50)}`}</Text>
      </Text>
      {subcall.error && <Text color={theme.fail} wrap="truncate-end">{`  ${firstLine(subcall.error, 90)}`}</Text>}
      {child && (
        <Box flexDirection="column" marginLeft={2}>
          {child.iterations.map((iteration) => (
            <Box key={iteration.iteration} flexDirection="column">
              <Text wrap="truncate-end">
                <Text dimColor={theme.dim}>{`turn ${iteration.iteration} `}</Text>
                {iteration.cells.map((cell) => (
                  <CellLabels key={cell.index} labels={cell.labels} />
                ))}
              </Text>
              {iteration.cells.map((cell) => (
                <SubcallTree key={cell.index} view={view} cell={cell} options={options} />
              ))}
            </Box>
          ))}
          {child.answer !== null && (
            <Text color={theme.ok} wrap="truncate-end">{`⇒ ${firstLine(child.answer, 80)}`}</Text>
          )}
        </Box>
      )}
    </Box>
  );
}
