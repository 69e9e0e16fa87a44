import type { RlmEventOf } from '../events.ts';
import { addCost, addUsage } from '../usage/usage.ts';
import type { Draft } from './draft.ts';
import type {
  CellNode,
  IterationNode,
  LlmCallNode,
  RlmNode,
  SubcallNode,
  TrajectoryIndex,
} from './trajectory-types.ts';

// Writable paths into an index this fold owns: each step copies the node once per fold (see Draft).

export function ownRlm(draft: Draft, index: TrajectoryIndex, key: string): RlmNode | undefined {
  const current = index.rlms[key];
  if (!current) return undefined;
  const rlm = draft.own(current);
  if (rlm !== current) put(draft, index, 'rlms', key, rlm);
  return rlm;
}

/** The RLM's latest iteration with that number (numbers restart only in a new question, under a new key). */
export function ownIteration(
  draft: Draft,
  index: TrajectoryIndex,
  key: string,
  iteration: number,
): IterationNode | undefined {
  const position = index.rlms[key]?.iterations.findLastIndex((candidate) => candidate.iteration === iteration) ?? -1;
  if (position < 0) return undefined;
  return ownIterationAt(draft, index, key, position);
}

export function ownIterationAt(
  draft: Draft,
  index: TrajectoryIndex,
  key: string,
  position: number,
): IterationNode | undefined {
  const rlm = ownRlm(draft, index, key);
  const current = rlm?.iterations[position];
  if (!rlm || !current) return undefined;
  rlm.iterations = draft.own(rlm.iterations);
  const iteration = draft.own(current);
  rlm.iterations[position] = iteration;
  return iteration;
}

export function ownCell(
  draft: Draft,
  index: TrajectoryIndex,
  key: string,
  iteration: number,
  cellIndex: number,
): CellNode | undefined {
  const position =
    index.rlms[key]?.iterations
      .findLast((candidate) => candidate.iteration === iteration)
      ?.cells.findIndex((cell) => cell.index === cellIndex) ?? -1;
  if (position < 0) return undefined;
  const owner = ownIteration(draft, index, key, iteration);
  const current = owner?.cells[position];
  if (!owner || !current) return undefined;
  owner.cells = draft.own(owner.cells);
  const cell = draft.own(current);
  owner.cells[position] = cell;
  return cell;
}

const copySubcall = (subcall: SubcallNode): SubcallNode => ({ ...subcall });

export function ownSubcall(draft: Draft, index: TrajectoryIndex, key: string): SubcallNode | undefined {
  const current = index.subcalls[key];
  if (!current) return undefined;
  const subcall = draft.ownWith(current, copySubcall);
  if (subcall !== current) put(draft, index, 'subcalls', key, subcall);
  return subcall;
}

export function ownCall(draft: Draft, index: TrajectoryIndex, key: string): LlmCallNode | undefined {
  const current = index.calls.get(key);
  if (!current) return undefined;
  const call = draft.own(current);
  if (call !== current) putCall(draft, index, key, call);
  return call;
}

export function putCall(draft: Draft, index: TrajectoryIndex, key: string, call: LlmCallNode): void {
  const calls = draft.owns(index.calls) ? index.calls : draft.fresh(new Map(index.calls));
  (calls as Map<string, LlmCallNode>).set(key, call);
  index.calls = calls;
}

type RecordField = 'rlms' | 'subcalls' | 'tools' | 'batches';
type Copy = <T>(record: Record<string, T>, key: string, value: T) => Record<string, T>;

// One copy site per record and per use, each one literal: V8 then keeps the record in fast mode and copies it as
// one block while the site sees one shape. (Keys assigned to a copy afterwards turn a big record into a slow
// dictionary.) Folding event by event still copies a record per event; the live view folds in batches.
const COPY: Record<RecordField, { replace: Copy; add: Copy }> = {
  rlms: { replace: (record, key, value) => ({ ...record, [key]: value }), add: (r, k, v) => ({ ...r, [k]: v }) },
  subcalls: { replace: (record, key, value) => ({ ...record, [key]: value }), add: (r, k, v) => ({ ...r, [k]: v }) },
  tools: { replace: (record, key, value) => ({ ...record, [key]: value }), add: (r, k, v) => ({ ...r, [k]: v }) },
  batches: { replace: (record, key, value) => ({ ...record, [key]: value }), add: (r, k, v) => ({ ...r, [k]: v }) },
};

/** Sets one entry of a record the index holds: in place if this fold already copied the record, else in a copy. */
export function put<K extends RecordField>(
  draft: Draft,
  index: TrajectoryIndex,
  field: K,
  key: string,
  value: TrajectoryIndex[K][string],
): void {
  const record = index[field] as Record<string, TrajectoryIndex[K][string]>;
  if (draft.owns(record)) record[key] = value;
  else {
    const copy = key in record ? COPY[field].replace : COPY[field].add;
    (index as unknown as Record<K, unknown>)[field] = draft.fresh(copy(record, key, value));
  }
}

/**
 * Ids as keys: as logged in the first question, `q<N>:`-prefixed in later ones (a session's questions may
 * restart their counters). Everything that looks an id up goes through this.
 */
export function keyIn(index: TrajectoryIndex, id: string): string {
  const question = Math.max(0, index.questions.length - 1);
  return question === 0 ? id : `q${question}:${id}`;
}

/** Usage of a finished call: the run, the question, and where it was spent. */
export function chargeUsage(
  draft: Draft,
  index: TrajectoryIndex,
  rlmKey: string,
  usage: RlmEventOf<'llm_call_end'>['usage'],
  costUsd: number | null,
): void {
  index.usage = addUsage(index.usage, usage);
  index.costUsd = addCost(index.costUsd, costUsd);
  // A call made inside a child RLM also counts toward the rlm_query that started it, and that one's ancestors.
  let parent = index.rlms[rlmKey]?.parentSubcallId ?? null;
  const seen = new Set<string>();
  while (parent !== null && !seen.has(parent)) {
    seen.add(parent);
    const subcall = ownSubcall(draft, index, parent);
    if (!subcall) break;
    subcall.usage = addUsage(subcall.usage, usage);
    subcall.costUsd = addCost(subcall.costUsd, costUsd);
    parent = index.rlms[subcall.rlmId]?.parentSubcallId ?? null;
  }
}
