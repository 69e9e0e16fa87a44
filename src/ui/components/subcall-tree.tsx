import { Box, Text } from 'ink';
import { firstLine, formatDuration, formatTokens, partCost } from '../format.ts';
import type { CellView, RunView, SubcallView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { summarizeBatch } from './batch-summary.ts';
import { CellLabels } from './code-cell.tsx';
import { Spinner } from './spinner.tsx';

export interface TreeOptions {
  expandedBatches: ReadonlySet<string>;
  animate: boolean;
  /** While a storm of events redraws the view anyway: spinners show this moment's frame and keep no timers. */
  clock?: number;
  /** Rows an expanded batch's list may take (its "more" lines included): the live area must fit the terminal. */
  listRows?: number;
  /** First item shown of an expanded batch's list (scrolled with the arrow keys). */
  listOffset?: number;
  /** The user quit mid-run: what was still running was left unfinished, and nothing spins any more. */
  stopped?: boolean;
}

const DEFAULT_LIST_ROWS = 40;

/** What a sub-call is doing now: only a call that has been sent is really running. */
export type SubcallState = 'queued' | 'running' | 'retrying' | 'done' | 'failed';

export function subcallState(subcall: SubcallView): SubcallState {
  if (subcall.status !== 'running') return subcall.status;
  if (subcall.callPhase === 'retrying') return 'retrying';
  if (subcall.mode === 'llm' && (subcall.callPhase === null || subcall.callPhase === 'queued')) return 'queued';
  return 'running';
}

function StatusMark({ state, options }: { state: SubcallState; options: TreeOptions }) {
  const theme = useTheme();
  if (options.stopped && (state === 'running' || state === 'retrying' || state === 'queued'))
    return <Text dimColor={theme.dim}>·</Text>;
  if (state === 'running') return <Spinner animate={options.animate} clock={options.clock} />;
  if (state === 'queued') return <Text dimColor={theme.dim}>◌</Text>;
  if (state === 'retrying') return <Text color={theme.warn}>↻</Text>;
  return state === 'done' ? <Text color={theme.ok}>✓</Text> : <Text color={theme.fail}>✗</Text>;
}

/** A batch's mark: a spinner while any item runs, ✓ only when every item succeeded. */
function BatchMark({ items, options }: { items: SubcallState[]; options: TreeOptions }) {
  const theme = useTheme();
  const failed = items.filter((state) => state === 'failed').length;
  const open = items.some((state) => state === 'running' || state === 'retrying' || state === 'queued');
  if (options.stopped && open) return <Text dimColor={theme.dim}>·</Text>;
  if (items.some((state) => state === 'running' || state === 'retrying'))
    return <Spinner animate={options.animate} clock={options.clock} />;
  if (items.some((state) => state === 'queued')) return <Text dimColor={theme.dim}>◌</Text>;
  if (failed === 0) return <Text color={theme.ok}>✓</Text>;
  return failed === items.length ? <Text color={theme.fail}>✗</Text> : <Text color={theme.warn}>!</Text>;
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
  const { states, counts, finished, retried, cached, latency, tokens, cost } = summarizeBatch(items);
  const failed = counts.failed;
  const live = finished < items.length;
  const expanded = options.expandedBatches.has(batchId);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <BatchMark items={states} options={options} />
        <Text color={theme.subcall} bold>{` map ${finished}/${items.length}`}</Text>
        {failed > 0 && <Text color={theme.fail}>{` ✗ ${failed} failed`}</Text>}
        {retried > 0 && <Text color={theme.warn}>{` ↻ ${retried} retried`}</Text>}
        {cached > 0 && <Text dimColor={theme.dim}>{` ${cached} cached`}</Text>}
        {live && (
          <Text dimColor={theme.dim}>
            {` · ${counts.running} running`}
            {counts.queued > 0 ? ` · ${counts.queued} queued` : ''}
            {counts.retrying > 0 ? ` · ${counts.retrying} retrying` : ''}
          </Text>
        )}
        <Text dimColor={theme.dim}>
          {latency ? ` · ${formatDuration(latency.p50)} p50 · ${formatDuration(latency.p95)} p95` : ''} ·{' '}
          {formatTokens(tokens)} tok{partCost(cost, view.costUsd)} · {items[0]?.model ?? ''}
          {expanded ? '' : '  (e: expand)'}
        </Text>
      </Text>
      {expanded && <BatchItems items={items} states={states} options={options} />}
    </Box>
  );
}

/** An expanded batch: a window of its items that never takes more than `listRows` rows, with what is above and below. */
function BatchItems({
  items,
  states,
  options,
}: {
  items: SubcallView[];
  states: SubcallState[];
  options: TreeOptions;
}) {
  const theme = useTheme();
  const { start, end } = listWindow(items.length, options.listRows ?? DEFAULT_LIST_ROWS, options.listOffset ?? 0);
  return (
    <Box flexDirection="column" marginLeft={2}>
      {start > 0 && <Text dimColor={theme.dim}>{`… ${start} above (↑ scroll)`}</Text>}
      {items.slice(start, end).map((item, position) => {
        const index = start + position;
        const state = states[index] ?? 'running';
        return (
          <Text key={item.id} wrap="truncate-end">
            <StatusMark state={state} options={options} />
            <Text dimColor={theme.dim}>
              {` #${index + 1} ${state === 'queued' ? 'queued' : state === 'retrying' ? `retry ${item.retries}` : item.latencyMs === null ? '' : formatDuration(item.latencyMs)} `}
            </Text>
            {firstLine(item.error ?? item.response ?? item.prompt, 70)}
          </Text>
        );
      })}
      {end < items.length && <Text dimColor={theme.dim}>{`… ${items.length - end} more`}</Text>}
    </Box>
  );
}

/** The items shown for a list of `total` scrolled to `offset`, in `rows` rows counting the "above" and "more" lines. */
export function listWindow(total: number, rows: number, offset: number): { start: number; end: number } {
  const capacity = Math.max(1, rows);
  if (total <= capacity) return { start: 0, end: total };
  // Room for the items once the marker lines are counted: one marker at either end, two in the middle.
  const start = Math.max(0, Math.min(offset, total - (capacity - 1)));
  const markers = (start > 0 ? 1 : 0) + (start + capacity - (start > 0 ? 1 : 0) < total ? 1 : 0);
  const shown = Math.max(1, capacity - markers);
  return { start, end: Math.min(total, start + shown) };
}

function SubcallLine({ view, subcall, options }: { view: RunView; subcall: SubcallView; options: TreeOptions }) {
  const theme = useTheme();
  const child = subcall.childRlmId ? view.rlms[subcall.childRlmId] : undefined;
  const tokens = subcall.usage.inputTokens + subcall.usage.outputTokens;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <StatusMark state={subcallState(subcall)} options={options} />
        <Text color={theme.subcall} bold>{` ${subcall.kind}`}</Text>
        <Text dimColor={theme.dim}>
          {subcall.mode === 'rlm' ? ` → child ${subcall.childRlmId ?? ''}` : ''} · {subcall.model}
          {subcall.latencyMs === null ? '' : ` · ${formatDuration(subcall.latencyMs)}`} · {formatTokens(tokens)} tok
          {partCost(subcall.costUsd, view.costUsd)}
          {subcallState(subcall) === 'queued' ? ' · queued' : ''}
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
