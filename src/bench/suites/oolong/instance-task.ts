// What the suites over labelled instances (oolong-lite, pairs-lite) share: a task built around generated instance
// data, and the regex shortcut's reading of a context.
import { Random, seedFor } from '../random.ts';
import { TokenCounter } from '../tokens.ts';
import type { BenchTask } from '../types.ts';
import { generateInstanceData, parseInstanceLines, type InstanceData, type InstanceRecord } from './data.ts';
import { keywordLabel } from './keyword-label.ts';

/** What a suite decides about its task once the data exists: the question, its truth and the query's facts. */
export type InstanceQuestion = Pick<BenchTask, 'question' | 'expected' | 'meta'>;

/** Generates the seed's instance data, then asks `ask` for the question; both draw on one random stream, in order. */
export function generateInstanceTask(
  suite: 'oolong-lite' | 'pairs-lite',
  { seed, targetTokens }: { seed: number; targetTokens: number },
  ask: (random: Random, data: InstanceData) => InstanceQuestion,
): BenchTask {
  const random = new Random(seedFor(suite, seed));
  const data = generateInstanceData(random, new TokenCounter(), targetTokens);
  const { question, expected, meta } = ask(random, data);
  return {
    id: `${suite}-${targetTokens}-${seed}`,
    suite,
    seed,
    targetTokens,
    contextTokens: data.tokens,
    context: data.context,
    question,
    expected,
    meta: { ...meta, instances: data.records.length, users: data.users.length, labelOf: data.labelOf },
  };
}

/** The instances of a text context, labelled by keywords alone (no model); null for a context of documents. */
export function keywordLabelledInstances(
  context: BenchTask['context'],
): Array<Omit<InstanceRecord, 'label'> & { label: string }> | null {
  if (typeof context !== 'string') return null;
  return parseInstanceLines(context).map((record) => ({ ...record, label: keywordLabel(record.text) }));
}
