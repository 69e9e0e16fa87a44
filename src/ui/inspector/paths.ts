import { findLine } from './document.ts';
import { iterationOf, parentOfRlm, type InspectorData } from './inspector-data.ts';
import { docOf, maxScroll, type IterationScreen, type NavState, type Screen, type SubcallScreen } from './nav-state.ts';
import type { SearchTarget } from './search.ts';
import { rowOfSubcall } from './subcall-rows.ts';

/** The screens from the root down to an RLM's iteration list, cursors on the way pointing along the path. */
export function pathToRlm(data: InspectorData, rlmId: string, iteration?: number): Screen[] {
  const rlm = data.view.rlms[rlmId];
  const cursor = Math.max(0, rlm?.iterations.findIndex((candidate) => candidate.iteration === iteration) ?? 0);
  const parent = parentOfRlm(data, rlmId);
  const here: Screen = { kind: 'rlm', rlmId, cursor };
  if (!parent) return [here];
  return [...pathToIteration(data, parent.rlmId, parent.iteration, parent.id), here];
}

/** Down to an opened iteration; with `subcallId`, its sub-call list focused on that call. */
export function pathToIteration(data: InspectorData, rlmId: string, iteration: number, subcallId?: string): Screen[] {
  const screen: IterationScreen = {
    kind: 'iteration',
    rlmId,
    iteration,
    scroll: 0,
    focus: 'text',
    cursor: 0,
    toggled: [],
  };
  const view = iterationOf(data, rlmId, iteration);
  if (view && subcallId) {
    const { row, toggled } = rowOfSubcall(data, view, subcallId, []);
    Object.assign(screen, { focus: 'subcalls', cursor: row, toggled });
  }
  return [...pathToRlm(data, rlmId, iteration), screen];
}

/** Where a search match lives, as a whole stack, scrolled so the first hit in its section is near the top. */
export function pathToTarget(data: InspectorData, state: NavState, target: SearchTarget, query: string): Screen[] {
  if (target.kind === 'iteration') {
    const path = pathToIteration(data, target.rlmId, target.iteration);
    const screen = path.at(-1) as IterationScreen;
    return [...path.slice(0, -1), { ...screen, scroll: scrollTo(data, state, screen, target.section, query) }];
  }
  const subcall = data.view.subcalls[target.subcallId];
  if (!subcall) return state.stack;
  const screen: SubcallScreen = { kind: 'subcall', subcallId: subcall.id, scroll: 0 };
  return [
    ...pathToIteration(data, subcall.rlmId, subcall.iteration, subcall.id),
    { ...screen, scroll: scrollTo(data, state, screen, target.section, query) },
  ];
}

function scrollTo(
  data: InspectorData,
  state: NavState,
  screen: IterationScreen | SubcallScreen,
  section: string,
  query: string,
): number {
  const doc = docOf(data, screen, state.size.columns);
  const start = doc.sections.find((candidate) => candidate.id === section)?.line ?? 0;
  const hit = findLine(doc, query, start);
  const line = hit >= 0 ? Math.max(start, hit - 1) : start;
  return Math.min(line, maxScroll(data, state, screen));
}
