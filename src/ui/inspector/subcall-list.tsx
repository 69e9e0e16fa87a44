import { Box, Text } from 'ink';
import { firstLine, formatCost, formatDuration, formatTokens, percentiles } from '../format.ts';
import type { SubcallView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import type { InspectorData } from './inspector-data.ts';
import { windowStart } from './nav-state.ts';
import type { SubcallRow } from './subcall-rows.ts';

const sumCost = (items: SubcallView[]) =>
  items.reduce<number | null>((sum, item) => (sum === null || item.costUsd === null ? null : sum + item.costUsd), 0);
const tokensOf = (items: SubcallView[]) =>
  items.reduce((sum, item) => sum + item.usage.inputTokens + item.usage.outputTokens, 0);

/** An opened iteration's sub-calls: batches as a foldable header with their items, single calls, child RLMs. */
export function SubcallList({
  data,
  rows,
  cursor,
  focused,
  height,
}: {
  data: InspectorData;
  rows: SubcallRow[];
  cursor: number;
  focused: boolean;
  height: number;
}) {
  const theme = useTheme();
  const visible = Math.max(1, height - 1);
  const start = windowStart(cursor, rows.length, visible);
  const total = rows.reduce(
    (sum, row) => sum + (row.kind === 'batch' ? row.ids.length : row.batchItem === null ? 1 : 0),
    0,
  );
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text
        color={focused ? theme.accent : undefined}
        bold={focused}
        dimColor={!focused && theme.dim}
        wrap="truncate-end"
      >
        {`── ${total} sub-call${total === 1 ? '' : 's'} · ${focused ? 'enter opens · tab back to the text' : 'tab to select'} ──`}
      </Text>
      {rows.slice(start, start + visible).map((row, index) => {
        const selected = focused && start + index === cursor;
        return (
          <Text key={row.kind === 'batch' ? `b:${row.batchId}` : `c:${row.id}`} wrap="truncate-end">
            <Text color={selected ? theme.accent : undefined} bold={selected}>
              {selected ? '› ' : '  '}
            </Text>
            {row.kind === 'batch' ? <BatchRow data={data} row={row} /> : <CallRow data={data} row={row} />}
          </Text>
        );
      })}
    </Box>
  );
}

function BatchRow({ data, row }: { data: InspectorData; row: Extract<SubcallRow, { kind: 'batch' }> }) {
  const theme = useTheme();
  const items = row.ids.map((id) => data.view.subcalls[id]).filter((item): item is SubcallView => item !== undefined);
  const failed = items.filter((item) => item.status === 'failed').length;
  const running = items.filter((item) => item.status === 'running').length;
  const latency = percentiles(items.filter((item) => item.latencyMs !== null).map((item) => item.latencyMs ?? 0));
  return (
    <>
      <Text
        color={theme.subcall}
        bold
      >{`${row.expanded ? '▾' : '▸'} cell ${row.cell + 1} · map ${row.batchId} · ${items.length} calls`}</Text>
      {failed > 0 && <Text color={theme.fail}>{` · ✗ ${failed} failed`}</Text>}
      {running > 0 && <Text color={theme.warn}>{` · ${running} unfinished`}</Text>}
      <Text dimColor={theme.dim}>
        {latency ? ` · ${formatDuration(latency.p50)} p50 · ${formatDuration(latency.p95)} p95` : ''} ·{' '}
        {formatTokens(tokensOf(items))} tok · {formatCost(sumCost(items))} · {items[0]?.model ?? ''}
      </Text>
    </>
  );
}

function CallRow({ data, row }: { data: InspectorData; row: Extract<SubcallRow, { kind: 'call' }> }) {
  const theme = useTheme();
  const subcall = data.view.subcalls[row.id];
  if (!subcall) return null;
  const mark =
    subcall.status === 'running' ? (
      <Text color={theme.warn}>…</Text>
    ) : subcall.status === 'done' ? (
      <Text color={theme.ok}>✓</Text>
    ) : (
      <Text color={theme.fail}>✗</Text>
    );
  return (
    <>
      <Text>{row.batchItem === null ? `cell ${row.cell + 1} ` : `    #${row.batchItem + 1} `}</Text>
      {mark}
      <Text color={theme.subcall}>{` ${subcall.kind} ${subcall.id}`}</Text>
      {subcall.childRlmId && <Text color={theme.accent}>{` → ${subcall.childRlmId}`}</Text>}
      <Text dimColor={theme.dim}>
        {subcall.status === 'running'
          ? ' · unfinished'
          : ` · ${subcall.latencyMs === null ? '' : `${formatDuration(subcall.latencyMs)} · `}${formatTokens(subcall.usage.inputTokens + subcall.usage.outputTokens)} tok · ${formatCost(subcall.costUsd)}`}
        {subcall.retries > 0 ? ` · ↻ ${subcall.retries}` : ''}
        {subcall.cached ? ' · cached' : ''}
      </Text>
      <Text>{`  ${firstLine(subcall.error ?? subcall.prompt, 80)}`}</Text>
    </>
  );
}
