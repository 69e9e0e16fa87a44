// The instance lines shared by oolong-lite and pairs-lite: `Date: Mon DD, YYYY || User: NNNNN || Instance: <text>`,
// with a few heavy users, bursts of dates, a skewed label mix, and the hidden label of every instance.
import type { Random } from '../random.ts';
import type { TokenCounter } from '../tokens.ts';
import { LABELS, renderInstance, TEMPLATES, type Label } from './instances.ts';

export interface InstanceRecord {
  /** ISO `YYYY-MM-DD`. */
  date: string;
  user: string;
  text: string;
  label: Label;
}

export interface InstanceData {
  context: string;
  tokens: number;
  records: InstanceRecord[];
  /** Instance text → its label (the generator's truth; oracles classify with it). */
  labelOf: Record<string, Label>;
  users: string[];
  /** First and last day of the date range, ISO. */
  range: { from: string; to: string };
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `2021-03-05` → `Mar 05, 2021`. */
export function displayDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${MONTHS[Number(month) - 1]} ${day}, ${year}`;
}

export function instanceLine(record: Pick<InstanceRecord, 'date' | 'user' | 'text'>): string {
  return `Date: ${displayDate(record.date)} || User: ${record.user} || Instance: ${record.text}\n`;
}

export function generateInstanceData(random: Random, counter: TokenCounter, targetTokens: number): InstanceData {
  const estimatedLines = Math.max(50, Math.round(targetTokens / 28));
  const userCount = Math.min(300, Math.max(12, Math.round(estimatedLines / 8)));
  const userSet = new Set<string>();
  while (userSet.size < userCount) userSet.add(String(random.int(10000, 99999)));
  const users = [...userSet];
  const userWeights = users.map((_, rank) => 1 / (rank + 1) ** 1.05);

  const start = Date.UTC(random.int(2018, 2023), random.int(0, 11), 1);
  const spanDays = 730;
  const hotStarts = Array.from({ length: 3 }, () => random.int(0, spanDays - 31));
  const labelWeights = LABELS.map(() => 0.25 + random.next() * 2.25);

  const records: InstanceRecord[] = [];
  const labelOf: Record<string, Label> = {};
  const pieces: string[] = [];
  let tokens = 0;
  for (;;) {
    const label = LABELS[random.weighted(labelWeights)] as Label;
    let text = renderInstance(random.pick(TEMPLATES[label]), random);
    // The same text must never carry two labels; redraw in the (rare) case it would.
    while (labelOf[text] !== undefined && labelOf[text] !== label)
      text = renderInstance(random.pick(TEMPLATES[label]), random);
    const offset = random.chance(0.35)
      ? (hotStarts[random.int(0, hotStarts.length - 1)] ?? 0) + random.int(0, 30)
      : random.int(0, spanDays - 1);
    const record: InstanceRecord = {
      date: iso(start + offset * DAY_MS),
      user: users[random.weighted(userWeights)] ?? '',
      text,
      label,
    };
    const line = instanceLine(record);
    const lineTokens = counter.count(line);
    if (tokens + lineTokens > targetTokens) break;
    tokens += lineTokens;
    pieces.push(line);
    records.push(record);
    labelOf[text] = label;
  }
  return {
    context: pieces.join(''),
    tokens,
    records,
    labelOf,
    users,
    range: { from: iso(start), to: iso(start + (spanDays - 1) * DAY_MS) },
  };
}

const LINE = /^Date: (\w{3}) (\d{2}), (\d{4}) \|\| User: (\d+) \|\| Instance: (.*)$/;

/** Reads the instance lines back (dates, users, texts; no labels): what a model's code can get with a regex. */
export function parseInstanceLines(context: string): Array<Omit<InstanceRecord, 'label'>> {
  const out: Array<Omit<InstanceRecord, 'label'>> = [];
  for (const line of context.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const month = String(MONTHS.indexOf(match[1] ?? '') + 1).padStart(2, '0');
    out.push({ date: `${match[3]}-${month}-${match[2]}`, user: match[4] ?? '', text: match[5] ?? '' });
  }
  return out;
}

/** users → label → count, over the records inside the date window (inclusive, ISO dates). */
export function tallyByUser(
  records: Array<{ date: string; user: string; label: string }>,
  window?: { from: string; to: string } | null,
): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const record of records) {
    if (window && (record.date < window.from || record.date > window.to)) continue;
    const row = table.get(record.user) ?? new Map<string, number>();
    row.set(record.label, (row.get(record.label) ?? 0) + 1);
    table.set(record.user, row);
  }
  return table;
}

export const LABEL_PREAMBLE = `The context lists general-knowledge questions, one per line, each with a date and a user id. Each question (the "instance") has one of six labels, the type of answer it asks for: ${LABELS.join(', ')}. The labels are not written in the data: you have to read each instance to know it.`;
