/**
 * Functions the oracle root policy defines in the sandbox: their source is shipped with `toString()`, so each is
 * self-contained (no imports, no outer variables; what they need comes in as arguments).
 */

type Instance = { date: string; user: string; text: string; label?: string };
type Table = Record<string, Record<string, number>>;
type Window = { from: string; to: string } | null | undefined;

/** `Date: Mon DD, YYYY || User: N || Instance: text` lines → records with ISO dates. */
export function parseInstances(text: string): Instance[] {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const out: Instance[] = [];
  for (const line of text.split('\n')) {
    const m = /^Date: (\w{3}) (\d{2}), (\d{4}) \|\| User: (\d+) \|\| Instance: (.*)$/.exec(line);
    if (m)
      out.push({
        date: `${m[3]}-${String(months.indexOf(m[1] ?? '') + 1).padStart(2, '0')}-${m[2]}`,
        user: m[4] ?? '',
        text: m[5] ?? '',
      });
  }
  return out;
}

/** Consecutive groups whose summed `size` stays under `maxChars` (a lone oversized item gets its own group). */
export function chunkItems<T>(items: T[], size: (item: T) => number, maxChars: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const cost = size(item);
    if (current.length > 0 && used + cost > maxChars) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** `n` consecutive parts of about equal size. */
export function splitInto<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / Math.max(1, parts));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function classifyPrompt(header: string, chunk: Instance[]): string {
  return `${header}\n\n${chunk.map((record, index) => `${index + 1}. ${record.text}`).join('\n')}`;
}

/** Reads `n: label` lines back onto the chunk's records; returns how many got a known label. */
export function applyLabels(chunk: Instance[], reply: string, labels: string[]): number {
  let applied = 0;
  for (const m of reply.matchAll(/^\s*(\d+)\s*[:.)-]\s*(.+?)\s*$/gm)) {
    const record = chunk[Number(m[1]) - 1];
    const label = (m[2] ?? '')
      .toLowerCase()
      .replace(/[*`"']/g, '')
      .trim();
    if (record && labels.includes(label)) {
      record.label = label;
      applied += 1;
    }
  }
  return applied;
}

/** user → label → count over labelled records inside the window. */
export function tally(records: Instance[], window: Window): Table {
  const table: Table = {};
  for (const record of records) {
    if (!record.label) continue;
    if (window && (record.date < window.from || record.date > window.to)) continue;
    const row = (table[record.user] ??= {});
    row[record.label] = (row[record.label] ?? 0) + 1;
  }
  return table;
}

export function mergeTallies(tables: Table[]): Table {
  const merged: Table = {};
  for (const table of tables) {
    for (const [user, row] of Object.entries(table)) {
      const target = (merged[user] ??= {});
      for (const [label, count] of Object.entries(row)) target[label] = (target[label] ?? 0) + count;
    }
  }
  return merged;
}

/** The first `{…}` of a reply, parsed; `{}` when there is none. */
export function parseJsonObject(text: string): Table {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return {};
  try {
    return JSON.parse(text.slice(start, end + 1)) as Table;
  } catch {
    return {};
  }
}

type OolongQuestion = { kind: string; label?: string; other?: string; users?: string[] };

/** An oolong-lite answer in the requested form, from a per-user label tally. */
export function oolongAnswer(table: Table, query: OolongQuestion, labels: string[]): string {
  const users = query.users ? new Set(query.users) : null;
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = 0;
  for (const [user, row] of Object.entries(table)) {
    if (users && !users.has(user)) continue;
    for (const label of labels) counts[label] = (counts[label] ?? 0) + (row[label] ?? 0);
  }
  if (query.kind === 'count') return `Answer: ${counts[query.label ?? ''] ?? 0}`;
  if (query.kind === 'compare') {
    const a = counts[query.label ?? ''] ?? 0;
    const b = counts[query.other ?? ''] ?? 0;
    return `Answer: ${query.label} is ${a > b ? 'more common than' : a < b ? 'less common than' : 'same frequency as'} ${query.other}`;
  }
  const sorted = labels.toSorted((x, y) =>
    query.kind === 'most' ? (counts[y] ?? 0) - (counts[x] ?? 0) : (counts[x] ?? 0) - (counts[y] ?? 0),
  );
  return `Label: ${sorted[0]}`;
}

type PairsQuestion = { kind: string; label: string; other?: string; n?: number };

/** A pairs-lite answer, one `(a, b)` per line, from a per-user label tally (windowed already if asked). */
export function pairsAnswer(table: Table, query: PairsQuestion): string {
  const users = Object.keys(table)
    .filter((user) => {
      const row = table[user] ?? {};
      const count = (label: string | undefined) => row[label ?? ''] ?? 0;
      if (query.kind === 'min-count') return count(query.label) >= (query.n ?? 1);
      if (query.kind === 'both-labels') return count(query.label) >= 1 && count(query.other) >= 1;
      if (query.kind === 'in-window') return count(query.label) >= 1;
      return count(query.label) > count(query.other);
    })
    .toSorted();
  const lines: string[] = [];
  for (let i = 0; i < users.length; i += 1)
    for (let j = i + 1; j < users.length; j += 1) lines.push(`(${users[i]}, ${users[j]})`);
  return lines.join('\n');
}

/** The most frequent answer (first seen wins ties), or null. */
export function majority(answers: string[]): string | null {
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  let best: string | null = null;
  for (const [answer, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = answer;
  return best;
}
