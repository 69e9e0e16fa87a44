// oracle-sub: answers the root policy's sub-calls by reading its prompt. Instance labels come from the generator's
// truth (the text → label map of every oolong / pairs task); multihop facts are read from the prompt's sentences.
import { readFacts, type Relation } from '../suites/multihop/facts.ts';
import type { Label } from '../suites/oolong/instances.ts';
import type { BenchTask } from '../suites/types.ts';
import { CLASSIFY_HEADER, HOP_PATTERN } from './protocol.ts';

export function labelTruth(tasks: BenchTask[]): Map<string, Label> {
  const truth = new Map<string, Label>();
  for (const task of tasks) {
    const labelOf = task.meta.labelOf as Record<string, Label> | undefined;
    if (!labelOf) continue;
    for (const [text, label] of Object.entries(labelOf)) {
      const known = truth.get(text);
      if (known !== undefined && known !== label)
        throw new Error(`oracle: the instance "${text}" has two labels (${known}, ${label})`);
      truth.set(text, label);
    }
  }
  return truth;
}

export function createSubModel(tasks: BenchTask[]): (prompt: string) => string {
  const truth = labelTruth(tasks);
  return (prompt) => {
    if (prompt.startsWith(CLASSIFY_HEADER)) {
      const lines: string[] = [];
      for (const match of prompt.slice(CLASSIFY_HEADER.length).matchAll(/^(\d+)\. (.*)$/gm))
        lines.push(`${match[1]}: ${truth.get(match[2] ?? '') ?? 'unknown'}`);
      return lines.join('\n');
    }
    const hop = HOP_PATTERN.exec(prompt);
    if (hop) {
      const firstBreak = prompt.indexOf('\n');
      const found = readFacts(firstBreak === -1 ? '' : prompt.slice(firstBreak), hop[1] as Relation, hop[2] ?? '');
      return found[0] ?? 'NONE';
    }
    return 'I can classify instance lines or answer a hop sub-question; this prompt is neither.';
  };
}
