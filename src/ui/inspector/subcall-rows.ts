import type { IterationView } from '../state/run-state.ts';
import type { InspectorData } from './inspector-data.ts';

/** Batches up to this size start expanded in an iteration's sub-call list; bigger ones start as one line. */
export const AUTO_EXPAND_BATCH = 12;

export type SubcallRow =
  | { kind: 'batch'; batchId: string; cell: number; ids: string[]; expanded: boolean }
  | { kind: 'call'; id: string; cell: number; batchItem: number | null };

export function isExpanded(data: InspectorData, batchId: string, toggled: readonly string[]): boolean {
  const size = data.view.batches[batchId]?.length ?? 0;
  return size <= AUTO_EXPAND_BATCH !== toggled.includes(batchId);
}

/** The selectable rows of an iteration's sub-call list: single calls, and each batch as a header plus its items. */
export function subcallRows(data: InspectorData, iteration: IterationView, toggled: readonly string[]): SubcallRow[] {
  const rows: SubcallRow[] = [];
  for (const cell of iteration.cells) {
    const seen = new Set<string>();
    for (const id of cell.subcallIds) {
      const subcall = data.view.subcalls[id];
      if (!subcall) continue;
      if (subcall.batchId === null) {
        rows.push({ kind: 'call', id, cell: cell.index, batchItem: null });
        continue;
      }
      if (seen.has(subcall.batchId)) continue;
      seen.add(subcall.batchId);
      const ids = data.view.batches[subcall.batchId] ?? [];
      const expanded = isExpanded(data, subcall.batchId, toggled);
      rows.push({ kind: 'batch', batchId: subcall.batchId, cell: cell.index, ids, expanded });
      if (expanded)
        ids.forEach((member, index) => rows.push({ kind: 'call', id: member, cell: cell.index, batchItem: index }));
    }
  }
  return rows;
}

/** The row showing a sub-call, expanding its batch (through `toggled`) when it is folded. */
export function rowOfSubcall(
  data: InspectorData,
  iteration: IterationView,
  subcallId: string,
  toggled: readonly string[],
): { row: number; toggled: string[] } {
  const batchId = data.view.subcalls[subcallId]?.batchId ?? null;
  let nextToggled = [...toggled];
  if (batchId && !isExpanded(data, batchId, toggled))
    nextToggled = toggled.includes(batchId) ? toggled.filter((id) => id !== batchId) : [...toggled, batchId];
  const rows = subcallRows(data, iteration, nextToggled);
  return {
    row: Math.max(
      0,
      rows.findIndex((row) => row.kind === 'call' && row.id === subcallId),
    ),
    toggled: nextToggled,
  };
}
