// Multi-hop questions over many documents: a chain of three facts, each stated once in some document (person or
// product → organisation → headquarters city → founding year or mayor), among background facts, near-miss
// sentences about the same subjects, and near-namesakes.
import { escapeRegExp } from './answer-text.ts';
import { NEAR_MISS_TEMPLATES, TRUE_TEMPLATES, writeFact, type Relation } from './multihop/facts.ts';
import { documentTitle, fillerSentence } from './multihop/filler.ts';
import { naiveHop } from './multihop/naive-hop.ts';
import { buildWorld, nearName, ROLES, takenNames, type World } from './multihop/world.ts';
import { Random, seedFor } from './random.ts';
import { TokenCounter } from './tokens.ts';
import type { BenchTask, Suite, SuiteScore } from './types.ts';

export interface MultihopQuery {
  start: string;
  hops: [Relation, Relation, Relation];
}

const DOC_COUNTS = [10, 50, 100, 1000];
const FOLDERS = ['news', 'profiles', 'companies', 'places', 'digest'];

/** The most documents (of 10, 50, 100, 1000) that still leaves each about 600 tokens or more. */
export function documentCount(targetTokens: number): number {
  return DOC_COUNTS.filter((count) => targetTokens / count >= 600).at(-1) ?? 10;
}

function objectsOf(world: World, relation: Relation): Map<string, string> {
  return world[relation];
}

/** A wrong object of the right kind for a relation. */
function wrongObject(random: Random, world: World, relation: Relation, truth: string): string {
  for (;;) {
    const candidate =
      relation === 'employer' || relation === 'maker'
        ? random.pick(world.orgs)
        : relation === 'hq'
          ? random.pick(world.cities)
          : relation === 'founded'
            ? String(random.int(1100, 1890))
            : random.pick([...world.people, ...world.mayor.values()]);
    if (candidate !== truth) return candidate;
  }
}

function sentence(random: Random, template: string, subject: string, object: string): string {
  return writeFact(template, { S: subject, O: object, Y: String(random.int(1950, 2023)), R: random.pick(ROLES) });
}

function questionText(query: MultihopQuery): string {
  const [first, , last] = query.hops;
  const lead = first === 'employer' ? '' : `${query.start} is made by one company. `;
  const company = first === 'employer' ? `${query.start}'s current employer` : 'that company';
  const ask =
    last === 'founded'
      ? `In which year was the city where ${company} has its headquarters founded?`
      : `Who is the current mayor of the city where ${company} has its headquarters?`;
  const caveat =
    'The documents also mention former employers, branch offices, other institutions and people or places with similar names: only the current facts count.';
  return `${lead}${ask} ${caveat} Reply with the ${last === 'founded' ? 'year' : 'full name'} only.`;
}

function generate({ seed, targetTokens }: { seed: number; targetTokens: number }): BenchTask {
  const random = new Random(seedFor('multihop-docs', seed));
  const counter = new TokenCounter();
  const docs = documentCount(targetTokens);
  const world = buildWorld(random, {
    people: Math.min(3 * docs, 900),
    products: Math.min(docs, 600),
    orgs: Math.min(Math.max(6, docs), 300),
    cities: Math.min(Math.max(5, Math.round(docs / 2)), 250),
  });
  const first: Relation = random.chance(0.5) ? 'employer' : 'maker';
  const last: Relation = random.chance(0.5) ? 'founded' : 'mayor';
  const hops: [Relation, Relation, Relation] = [first, 'hq', last];
  const start = random.pick(first === 'employer' ? world.people : world.products);
  const chain = [start];
  for (const relation of hops) chain.push(objectsOf(world, relation).get(chain.at(-1) ?? '') ?? '');

  const facts: string[] = [];
  for (const relation of ['employer', 'maker', 'hq', 'founded', 'mayor'] as const) {
    for (const [subject, object] of objectsOf(world, relation))
      facts.push(sentence(random, random.pick(TRUE_TEMPLATES[relation]), subject, object));
  }
  const taken = takenNames(world);
  hops.forEach((relation, index) => {
    const subject = chain[index] ?? '';
    const truth = chain[index + 1] ?? '';
    // Near misses about the chain's own subjects, and a near-namesake with a true fact of its own.
    for (const template of random.sample(NEAR_MISS_TEMPLATES[relation], 2))
      facts.push(sentence(random, template, subject, wrongObject(random, world, relation, truth)));
    facts.push(
      sentence(
        random,
        random.pick(TRUE_TEMPLATES[relation]),
        nearName(random, subject, taken),
        wrongObject(random, world, relation, truth),
      ),
    );
  });
  // Background near misses, so the chain's subjects are not the only ones that have them.
  for (let i = 0; i < Math.ceil(docs / 2); i += 1) {
    const relation = random.pick(['employer', 'maker', 'hq', 'founded', 'mayor'] as const);
    const [subject, truth] = random.pick([...objectsOf(world, relation)]);
    if (chain.includes(subject)) continue;
    facts.push(
      sentence(
        random,
        random.pick(NEAR_MISS_TEMPLATES[relation]),
        subject,
        wrongObject(random, world, relation, truth),
      ),
    );
  }

  const perDoc: string[][] = Array.from({ length: docs }, () => []);
  for (const fact of random.shuffle(facts)) perDoc[random.int(0, docs - 1)]?.push(fact);
  const context: Array<{ path: string; content: string }> = [];
  let used = 0;
  for (let index = 0; index < docs; index += 1) {
    const budget = Math.round((targetTokens - used) / (docs - index));
    const own = perDoc[index] ?? [];
    const pieces = [`# ${documentTitle(world, random)}\n\n`];
    let tokens = counter.count(pieces[0] ?? '');
    for (;;) {
      const factsHere = own.splice(0, random.int(1, 2));
      const paragraph = [...factsHere];
      const length = random.int(3, 5);
      while (paragraph.length < length)
        paragraph.splice(random.int(0, paragraph.length), 0, fillerSentence(world, random));
      let piece = `${paragraph.join(' ')}\n\n`;
      let pieceTokens = counter.count(piece);
      if (tokens + pieceTokens > budget && factsHere.length === 0) {
        piece = `${fillerSentence(world, random)}\n\n`;
        pieceTokens = counter.count(piece);
        if (tokens + pieceTokens > budget) break;
      }
      pieces.push(piece);
      tokens += pieceTokens;
      if (own.length === 0 && tokens >= budget) break;
    }
    used += tokens;
    context.push({
      path: `${FOLDERS[index % FOLDERS.length]}/doc-${String(index + 1).padStart(4, '0')}.md`,
      content: pieces.join(''),
    });
  }

  const query: MultihopQuery = { start, hops };
  return {
    id: `multihop-docs-${targetTokens}-${seed}`,
    suite: 'multihop-docs',
    seed,
    targetTokens,
    contextTokens: used,
    context,
    question: questionText(query),
    expected: chain[3] ?? '',
    meta: { query, chain, documents: docs, facts: facts.length },
  };
}

function scoreMultihop(task: BenchTask, prediction: string | null): SuiteScore {
  const expected = String(task.expected);
  if (prediction === null) return { score: 0, correct: false, detail: 'no answer' };
  const found = /^\d+$/.test(expected)
    ? new RegExp(`(^|\\D)${escapeRegExp(expected)}(\\D|$)`).test(prediction)
    : prediction.toLowerCase().includes(expected.toLowerCase());
  return { score: found ? 1 : 0, correct: found, detail: found ? undefined : `expected ${expected}` };
}

export const multihopDocs: Suite = {
  name: 'multihop-docs',
  generate,
  score: scoreMultihop,
  shortcut(task) {
    const query = task.meta.query as MultihopQuery;
    const texts = typeof task.context === 'string' ? [task.context] : task.context.map((doc) => doc.content);
    let subject: string | null = query.start;
    for (const relation of query.hops) {
      subject = naiveHop(texts, relation, subject);
      if (subject === null) return null;
    }
    return subject;
  },
  reference: (task) => String(task.expected),
};
