// OOLONG-style aggregation over labelled instance lines: counts, most / least frequent label, label comparisons,
// optionally restricted to a few users or a date window. Every answer needs every relevant instance classified.
import { afterLastColon, firstInteger, normalize } from './answer-text.ts';
import { displayDate, LABEL_PREAMBLE, tallyByUser, type InstanceData } from './oolong/data.ts';
import { LABELS, type Label } from './oolong/instances.ts';
import { generateInstanceTask, keywordLabelledInstances } from './oolong/instance-task.ts';
import type { Random } from './random.ts';
import type { BenchTask, Suite, SuiteScore } from './types.ts';

export interface OolongQuery {
  kind: 'count' | 'most' | 'least' | 'compare';
  label?: Label;
  other?: Label;
  /** Only instances of these users. */
  users?: string[];
  /** Only instances dated inside this window (inclusive, ISO dates). */
  window?: { from: string; to: string };
}

export type OolongExpected =
  { kind: 'number'; value: number } | { kind: 'label'; value: Label } | { kind: 'comparison'; value: Comparison };

export const COMPARISONS = ['more common than', 'less common than', 'same frequency as'] as const;
type Comparison = (typeof COMPARISONS)[number];

/** Label counts of the instances the query is about. */
export function labelCounts(
  records: Array<{ date: string; user: string; label: string }>,
  query: Pick<OolongQuery, 'users' | 'window'>,
): Map<string, number> {
  const counts = new Map<string, number>(LABELS.map((label) => [label, 0]));
  const users = query.users ? new Set(query.users) : null;
  for (const [user, row] of tallyByUser(records, query.window)) {
    if (users && !users.has(user)) continue;
    for (const [label, count] of row) counts.set(label, (counts.get(label) ?? 0) + count);
  }
  return counts;
}

/** The answer to a query over labelled records (the generator's truth, or the shortcut's guesses). */
export function answerOolong(
  records: Array<{ date: string; user: string; label: string }>,
  query: OolongQuery,
): OolongExpected {
  const counts = labelCounts(records, query);
  if (query.kind === 'count') return { kind: 'number', value: counts.get(query.label ?? '') ?? 0 };
  if (query.kind === 'compare') {
    const a = counts.get(query.label ?? '') ?? 0;
    const b = counts.get(query.other ?? '') ?? 0;
    return { kind: 'comparison', value: a > b ? 'more common than' : a < b ? 'less common than' : 'same frequency as' };
  }
  const sorted = [...counts].toSorted((x, y) => (query.kind === 'most' ? y[1] - x[1] : x[1] - y[1]));
  return { kind: 'label', value: (sorted[0]?.[0] ?? LABELS[0]) as Label };
}

function hasUniqueExtreme(counts: Map<string, number>, kind: 'most' | 'least'): boolean {
  const values = [...counts.values()].toSorted((a, b) => (kind === 'most' ? b - a : a - b));
  return values[0] !== values[1];
}

function chooseQuery(random: Random, data: InstanceData): OolongQuery {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const kind = (['count', 'count', 'most', 'least', 'compare', 'compare'] as const)[random.int(0, 5)] ?? 'count';
    const [label, other] = random.sample(LABELS, 2) as [Label, Label];
    const query: OolongQuery = { kind };
    if (kind === 'count' || kind === 'compare') query.label = label;
    if (kind === 'compare') query.other = other;
    const scope = random.int(0, 3);
    if (scope === 2) {
      const active = [...tallyByUser(data.records)]
        .toSorted((a, b) => total(b[1]) - total(a[1]))
        .slice(0, 30)
        .map(([user]) => user);
      query.users = random.sample(active, random.int(3, 5)).toSorted();
    } else if (scope === 3) {
      const days = data.records.map((record) => record.date).toSorted();
      const first = random.int(0, Math.floor(days.length * 0.6));
      const last = Math.min(days.length - 1, first + Math.floor(days.length * (0.15 + random.next() * 0.3)));
      query.window = { from: days[first] ?? data.range.from, to: days[last] ?? data.range.to };
    }
    const counts = labelCounts(data.records, query);
    const inScope = [...counts.values()].reduce((sum, count) => sum + count, 0);
    if (inScope < 8) continue;
    if ((kind === 'most' || kind === 'least') && !hasUniqueExtreme(counts, kind)) continue;
    // Comparisons of labels with similar counts: a lopsided pair is answered right even by a poor classifier.
    if (kind === 'compare' && !closeCounts(counts.get(label) ?? 0, counts.get(other) ?? 0)) continue;
    return query;
  }
  return { kind: 'count', label: LABELS[1] };
}

const closeCounts = (a: number, b: number) => Math.min(a, b) >= 0.7 * Math.max(a, b);

const total = (row: Map<string, number>) => [...row.values()].reduce((sum, count) => sum + count, 0);

function listUsers(users: string[]): string {
  return users.length === 1 ? (users[0] ?? '') : `${users.slice(0, -1).join(', ')} and ${users.at(-1)}`;
}

export function scopeText(query: Pick<OolongQuery, 'users' | 'window'>): string {
  if (query.users) return ` from users ${listUsers(query.users)}`;
  if (query.window)
    return ` dated between ${displayDate(query.window.from)} and ${displayDate(query.window.to)} (inclusive)`;
  return '';
}

function questionText(query: OolongQuery): string {
  const scope = scopeText(query);
  switch (query.kind) {
    case 'count':
      return `${LABEL_PREAMBLE} How many of the instances${scope} have the label '${query.label}'? Give your final answer in the form 'Answer: number'.`;
    case 'most':
    case 'least':
      return `${LABEL_PREAMBLE} Which label is the ${query.kind === 'most' ? 'most' : 'least'} common among the instances${scope}? Give your final answer in the form 'Label: answer'.`;
    case 'compare':
      return `${LABEL_PREAMBLE} Among the instances${scope}, is the label '${query.label}' more common than, less common than, or the same frequency as the label '${query.other}'? Give your final answer in the form 'Answer: ${query.label} is [X] ${query.other}', where [X] is 'more common than', 'less common than', or 'same frequency as'.`;
  }
}

function generate(options: { seed: number; targetTokens: number }): BenchTask {
  return generateInstanceTask('oolong-lite', options, (random, data) => {
    const query = chooseQuery(random, data);
    return { question: questionText(query), expected: answerOolong(data.records, query), meta: { query } };
  });
}

/** OOLONG scoring: the text after the last colon; numbers earn 0.75^|error|, labels and comparisons exact match. */
export function scoreOolong(task: BenchTask, prediction: string | null): SuiteScore {
  const expected = task.expected as OolongExpected;
  if (prediction === null) return { score: 0, correct: false, detail: 'no answer' };
  const answer = afterLastColon(prediction);
  if (expected.kind === 'number') {
    const value = firstInteger(answer.replace(/[*_`]/g, ''));
    if (value === null) return { score: 0, correct: false, detail: `no number in "${answer.trim()}"` };
    const score = 0.75 ** Math.abs(value - expected.value);
    return { score, correct: value === expected.value, detail: `${value} vs ${expected.value}` };
  }
  const normalized = normalize(answer);
  if (expected.kind === 'label') {
    const correct = normalized === expected.value;
    return { score: correct ? 1 : 0, correct, detail: correct ? undefined : `"${normalized}" vs "${expected.value}"` };
  }
  const phrases = COMPARISONS.filter((phrase) => normalized.includes(phrase));
  const correct = phrases.length === 1 && phrases[0] === expected.value;
  return { score: correct ? 1 : 0, correct, detail: correct ? undefined : `"${normalized}" vs "${expected.value}"` };
}

export function formatOolongAnswer(query: OolongQuery, answer: OolongExpected): string {
  if (answer.kind === 'number') return `Answer: ${answer.value}`;
  if (answer.kind === 'label') return `Label: ${answer.value}`;
  return `Answer: ${query.label} is ${answer.value} ${query.other}`;
}

export const oolongLite: Suite = {
  name: 'oolong-lite',
  generate,
  score: scoreOolong,
  shortcut(task) {
    const records = keywordLabelledInstances(task.context);
    if (!records) return null;
    const query = task.meta.query as OolongQuery;
    return formatOolongAnswer(query, answerOolong(records, query));
  },
  reference: (task) => formatOolongAnswer(task.meta.query as OolongQuery, task.expected as OolongExpected),
};
