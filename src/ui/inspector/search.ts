import type { InspectorData } from './inspector-data.ts';
import { sectionIds } from './iteration-doc.ts';
import { subcallSections } from './subcall-doc.ts';

export type SearchTarget =
  | { kind: 'iteration'; rlmId: string; iteration: number; section: string }
  | { kind: 'subcall'; subcallId: string; section: string };

export interface SearchMatch {
  target: SearchTarget;
  /** `r0 › turn 3 › cell 1 › llm_query s5` */
  where: string;
  field: 'question' | 'reply' | 'response' | 'code' | 'output' | 'value' | 'error' | 'prompt';
  before: string;
  match: string;
  after: string;
  /** Occurrences in this field. */
  count: number;
}

export const MAX_RESULTS = 500;

/**
 * Searches (case-insensitively) the question, every reply, cell, full output and error, and every sub-call's
 * prompt, response and error, walking the tree in order: a child RLM's matches follow the sub-call that started it.
 */
export function searchTree(data: InspectorData, query: string, limit = MAX_RESULTS): SearchMatch[] {
  const needle = query.toLowerCase();
  const results: SearchMatch[] = [];
  if (needle.trim() === '') return results;
  const add = (text: string | null | undefined, target: SearchTarget, where: string, field: SearchMatch['field']) => {
    if (!text || results.length >= limit) return;
    const found = locate(text, needle);
    if (found) results.push({ target, where, field, ...found });
  };
  const walk = (rlmId: string) => {
    const rlm = data.view.rlms[rlmId];
    if (!rlm) return;
    if (rlmId === 'r0')
      add(
        data.view.question,
        { kind: 'iteration', rlmId, iteration: rlm.iterations[0]?.iteration ?? 1, section: sectionIds.request(0) },
        'r0 › question',
        'question',
      );
    for (const iteration of rlm.iterations) {
      const turn = `${rlmId} › turn ${iteration.iteration}`;
      const at = (section: string): SearchTarget => ({
        kind: 'iteration',
        rlmId,
        iteration: iteration.iteration,
        section,
      });
      const callIds = iteration.callIds;
      if (callIds.length === 0) add(iteration.reply, at(sectionIds.reply(0)), turn, 'reply');
      callIds.forEach((id, index) =>
        add(data.view.calls.get(id)?.end?.text, at(sectionIds.reply(index)), turn, 'reply'),
      );
      for (const cell of iteration.cells) {
        const where = `${turn} › cell ${cell.index + 1}`;
        const output = cell.result;
        add(cell.code, at(sectionIds.cell(cell.index)), where, 'code');
        add(output?.output, at(sectionIds.output(cell.index)), where, 'output');
        add(output?.value, at(sectionIds.output(cell.index)), where, 'value');
        add(output?.error?.message, at(sectionIds.error(cell.index)), where, 'error');
        for (const id of cell.subcallIds) {
          const subcall = data.view.subcalls[id];
          if (!subcall) continue;
          const label = `${where} › ${subcall.kind} ${id}`;
          const target = (section: string): SearchTarget => ({ kind: 'subcall', subcallId: id, section });
          add(subcall.prompt, target(subcallSections.prompt), label, 'prompt');
          add(subcall.response, target(subcallSections.response), label, 'response');
          add(subcall.error, target(subcallSections.error), label, 'error');
          if (subcall.childRlmId) walk(subcall.childRlmId);
        }
      }
    }
  };
  walk('r0');
  return results;
}

const BEFORE = 30;
const AFTER = 60;
const flat = (text: string) => text.replace(/\s+/g, ' ');

function locate(text: string, needle: string): Omit<SearchMatch, 'target' | 'where' | 'field'> | null {
  const haystack = text.toLowerCase();
  const at = haystack.indexOf(needle);
  if (at < 0) return null;
  let count = 0;
  for (let index = at; index >= 0 && count < 1000; index = haystack.indexOf(needle, index + needle.length)) count += 1;
  const start = Math.max(0, at - BEFORE);
  return {
    before: (start > 0 ? '…' : '') + flat(text.slice(start, at)),
    match: flat(text.slice(at, at + needle.length)),
    after: flat(text.slice(at + needle.length, at + needle.length + AFTER)),
    count,
  };
}
