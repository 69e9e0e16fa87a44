// OOLONG-Pairs-style: list every pair of users whose instances satisfy a label condition. The answer is a set of
// unordered pairs, scored by F1.
import { displayDate, LABEL_PREAMBLE, tallyByUser, type InstanceData } from './oolong/data.ts';
import { LABELS, type Label } from './oolong/instances.ts';
import { generateInstanceTask, keywordLabelledInstances } from './oolong/instance-task.ts';
import type { Random } from './random.ts';
import type { BenchTask, Suite, SuiteScore } from './types.ts';

export type PairsQuery =
  | { kind: 'min-count'; label: Label; n: number }
  | { kind: 'both-labels'; label: Label; other: Label }
  | { kind: 'in-window'; label: Label; window: { from: string; to: string } }
  | { kind: 'more-than'; label: Label; other: Label };

type Labelled = { date: string; user: string; label: string };

/** The users whose instances meet the query's condition. */
export function qualifyingUsers(records: Labelled[], query: PairsQuery): string[] {
  const table = tallyByUser(records, query.kind === 'in-window' ? query.window : null);
  const users: string[] = [];
  for (const [user, row] of table) {
    const count = (label: string) => row.get(label) ?? 0;
    const ok =
      query.kind === 'min-count'
        ? count(query.label) >= query.n
        : query.kind === 'both-labels'
          ? count(query.label) >= 1 && count(query.other) >= 1
          : query.kind === 'in-window'
            ? count(query.label) >= 1
            : count(query.label) > count(query.other);
    if (ok) users.push(user);
  }
  return users.toSorted();
}

export function pairsOf(users: string[]): Array<[string, string]> {
  const sorted = [...new Set(users)].toSorted();
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < sorted.length; i += 1)
    for (let j = i + 1; j < sorted.length; j += 1) pairs.push([sorted[i] ?? '', sorted[j] ?? '']);
  return pairs;
}

const MIN_USERS = 3;
const MAX_USERS = 25;

function chooseQuery(random: Random, data: InstanceData): PairsQuery {
  const fits = (query: PairsQuery) => {
    const size = qualifyingUsers(data.records, query).length;
    return size >= MIN_USERS && size <= MAX_USERS;
  };
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const [label, other] = random.sample(LABELS, 2) as [Label, Label];
    const kind = random.int(0, 3);
    let query: PairsQuery;
    if (kind === 1) query = { kind: 'both-labels', label, other };
    else if (kind === 2) {
      const days = data.records.map((record) => record.date).toSorted();
      const first = random.int(0, Math.floor(days.length * 0.8));
      const last = Math.min(days.length - 1, first + Math.max(5, Math.floor(days.length * random.next() * 0.2)));
      query = {
        kind: 'in-window',
        label,
        window: { from: days[first] ?? data.range.from, to: days[last] ?? data.range.to },
      };
    } else if (kind === 3) query = { kind: 'more-than', label, other };
    else {
      // A threshold that a handful of users reach: the count of the k-th most active user of this label.
      const counts = [...tallyByUser(data.records)].map(([, row]) => row.get(label) ?? 0).toSorted((a, b) => b - a);
      query = { kind: 'min-count', label, n: Math.max(1, counts[random.int(MIN_USERS, 12) - 1] ?? 1) };
    }
    if (fits(query)) return query;
  }
  return { kind: 'min-count', label: LABELS[1], n: 1 };
}

export function conditionText(query: PairsQuery): string {
  switch (query.kind) {
    case 'min-count':
      return `both users have at least ${query.n} instance${query.n === 1 ? '' : 's'} with the label '${query.label}'`;
    case 'both-labels':
      return `both users have at least one instance with the label '${query.label}' and at least one with the label '${query.other}'`;
    case 'in-window':
      return `both users have at least one instance with the label '${query.label}' dated between ${displayDate(query.window.from)} and ${displayDate(query.window.to)} (inclusive)`;
    case 'more-than':
      return `both users have more instances with the label '${query.label}' than with the label '${query.other}'`;
  }
}

function generate(options: { seed: number; targetTokens: number }): BenchTask {
  return generateInstanceTask('pairs-lite', options, (random, data) => {
    const query = chooseQuery(random, data);
    const users = qualifyingUsers(data.records, query);
    return {
      question: `${LABEL_PREAMBLE} List every pair of user ids such that ${conditionText(query)}. List each pair once, smaller id first, one pair per line in the form (id1, id2).`,
      expected: pairsOf(users),
      meta: { query, qualifyingUsers: users },
    };
  });
}

/** Unordered pairs of 5-digit ids in a prediction: `(a, b)`, `a, b`, `a and b`, `a-b`… */
export function parsePairs(prediction: string): Set<string> {
  const pairs = new Set<string>();
  for (const match of prediction.matchAll(/(\d{5})\s*(?:,|and|&|-|–|\/|\|)\s*(\d{5})/g)) {
    const [a, b] = [match[1] ?? '', match[2] ?? ''];
    if (a !== b) pairs.add(a < b ? `${a},${b}` : `${b},${a}`);
  }
  return pairs;
}

export function scorePairs(task: BenchTask, prediction: string | null): SuiteScore {
  const expected = new Set(
    (task.expected as Array<[string, string]>).map(([a, b]) => (a < b ? `${a},${b}` : `${b},${a}`)),
  );
  const predicted = prediction === null ? new Set<string>() : parsePairs(prediction);
  if (expected.size === 0 && predicted.size === 0) return { score: 1, correct: true };
  const hits = [...predicted].filter((pair) => expected.has(pair)).length;
  const precision = predicted.size === 0 ? 0 : hits / predicted.size;
  const recall = expected.size === 0 ? 0 : hits / expected.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    score: f1,
    correct: f1 === 1,
    detail: `${hits} of ${expected.size} expected pairs, ${predicted.size} predicted`,
  };
}

export const formatPairs = (pairs: Array<[string, string]>) => pairs.map(([a, b]) => `(${a}, ${b})`).join('\n');

export const pairsLite: Suite = {
  name: 'pairs-lite',
  generate,
  score: scorePairs,
  shortcut(task) {
    const records = keywordLabelledInstances(task.context);
    if (!records) return null;
    return formatPairs(pairsOf(qualifyingUsers(records, task.meta.query as PairsQuery)));
  },
  reference: (task) => formatPairs(task.expected as Array<[string, string]>),
};
