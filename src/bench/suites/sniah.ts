// RULER-style single needle in a haystack: filler prose with one "special magic" line at a seeded depth.
import { escapeRegExp } from './answer-text.ts';
import { Random, seedFor } from './random.ts';
import { TokenCounter } from './tokens.ts';
import type { BenchTask, Suite, SuiteScore } from './types.ts';

type Variant = 'number' | 'uuid' | 'word';

const SUBJECTS = [
  'The old ferryman',
  'A patient gardener',
  'The night clerk',
  'Our neighbour',
  'The village baker',
  'A tired cartographer',
  'The apprentice',
  'The choir teacher',
  'A retired sailor',
  'The librarian',
];
const PLACES = [
  'the harbour',
  'the orchard',
  'the market square',
  'the hill road',
  'the reading room',
  'the mill',
  'the station',
  'the riverbank',
  'the workshop',
  'the chapel yard',
];
const TIMES = [
  'every morning',
  'after the rain',
  'on quiet evenings',
  'before dawn',
  'late in autumn',
  'most afternoons',
  'during the fair',
  'at the turn of the tide',
];
const SENTENCES = [
  (r: Random) => `${r.pick(SUBJECTS)} walked down to ${r.pick(PLACES)} ${r.pick(TIMES)}.`,
  (r: Random) => `Nobody at ${r.pick(PLACES)} remembered when the bell had last been repaired.`,
  (r: Random) => `${r.pick(SUBJECTS)} kept a small notebook of the weather and rarely missed a day.`,
  (r: Random) => `The lamps along ${r.pick(PLACES)} flickered ${r.pick(TIMES)}, as they always had.`,
  () => 'Grass grew between the paving stones, and the gulls argued over scraps of bread.',
  (r: Random) => `${r.pick(SUBJECTS)} said that patience matters more than talent in most crafts.`,
  () => 'A cart loaded with barrels rattled past, and the driver whistled a tune nobody knew.',
  (r: Random) => `The smell of woodsmoke drifted over ${r.pick(PLACES)} ${r.pick(TIMES)}.`,
  () => 'Letters arrived late that season, tied in bundles with coarse brown string.',
  (r: Random) => `${r.pick(SUBJECTS)} mended a fishing net while listening to the wind.`,
  () => 'The river ran high and brown, carrying leaves and the occasional lost oar.',
  (r: Random) => `Children raced each other to ${r.pick(PLACES)} and back, laughing the whole way.`,
  () => 'Somewhere a dog barked twice and then thought better of it.',
  (r: Random) => `${r.pick(SUBJECTS)} counted the sacks of flour twice, just to be sure.`,
  () => 'The clock in the tower ran four minutes slow, and everyone simply got used to it.',
  (r: Random) => `Rain tapped on the roofs of ${r.pick(PLACES)} ${r.pick(TIMES)}.`,
  () => 'A stack of chairs leaned against the wall, waiting for a dance that never came.',
  (r: Random) => `${r.pick(SUBJECTS)} believed that a tidy shelf makes for a calm mind.`,
];

const KEY_LEFT = [
  'amber',
  'brisk',
  'copper',
  'dusky',
  'eager',
  'frosty',
  'gentle',
  'hollow',
  'ivory',
  'jagged',
  'knotty',
  'lucid',
  'mellow',
  'nimble',
  'olive',
  'plucky',
  'quiet',
  'rustic',
  'silken',
  'tawny',
];
const KEY_RIGHT = [
  'anchor',
  'badger',
  'candle',
  'dragon',
  'ember',
  'falcon',
  'garnet',
  'harbor',
  'island',
  'juniper',
  'kettle',
  'lantern',
  'meadow',
  'nutmeg',
  'otter',
  'pepper',
  'quartz',
  'raven',
  'saddle',
  'thistle',
];
/** Needle values of the word variant: none of these occurs in the filler. */
const VALUE_WORDS = [
  'zephyrine',
  'quillwort',
  'marzipan',
  'obsidian',
  'vermilion',
  'tamarind',
  'galleon',
  'periwinkle',
  'xylophone',
  'cardamom',
  'wolfram',
  'halcyon',
  'bergamot',
  'mandolin',
  'sassafras',
  'kumquat',
];
const PLURAL: Record<Variant, string> = { number: 'numbers', uuid: 'uuids', word: 'words' };

function valueFor(variant: Variant, random: Random): string {
  if (variant === 'number') return String(random.int(1_000_000, 9_999_999));
  if (variant === 'word') return random.pick(VALUE_WORDS);
  const hex = (length: number) => Array.from({ length }, () => random.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

function fillerLine(random: Random): string {
  const count = random.int(3, 6);
  return `${Array.from({ length: count }, () => random.pick(SENTENCES)(random)).join(' ')}\n`;
}

export function generateSniah({ seed, targetTokens }: { seed: number; targetTokens: number }): BenchTask {
  const random = new Random(seedFor('sniah', seed));
  const counter = new TokenCounter();
  const variant: Variant = (['number', 'uuid', 'word'] as const)[seed % 3] ?? 'number';
  const key = `${random.pick(KEY_LEFT)}-${random.pick(KEY_RIGHT)}`;
  const value = valueFor(variant, random);
  const needle = `One of the special magic ${PLURAL[variant]} for ${key} is: ${value}.\n`;
  const budget = targetTokens - counter.count(needle);
  const lines: string[] = [];
  let tokens = 0;
  for (;;) {
    const line = fillerLine(random);
    const lineTokens = counter.count(line);
    if (tokens + lineTokens > budget) break;
    lines.push(line);
    tokens += lineTokens;
  }
  const depth = 0.05 + random.next() * 0.9;
  const at = Math.round(depth * lines.length);
  lines.splice(at, 0, needle);
  return {
    id: `sniah-${targetTokens}-${seed}`,
    suite: 'sniah',
    seed,
    targetTokens,
    contextTokens: tokens + counter.count(needle),
    context: lines.join(''),
    question: `What is the special magic ${variant} for ${key} mentioned in the provided text? Reply with the ${variant} only.`,
    expected: value,
    meta: { query: { key, variant }, depth, needleLine: at },
  };
}

function scoreSniah(task: BenchTask, prediction: string | null): SuiteScore {
  const value = String(task.expected);
  const found = prediction !== null && prediction.toLowerCase().includes(value.toLowerCase());
  return { score: found ? 1 : 0, correct: found, detail: found ? undefined : `expected ${value}` };
}

/** The needle is one regex away: this shortcut is meant to succeed, so the leakage check flags every sniah task. */
function shortcutSniah(task: BenchTask): string | null {
  const { key } = task.meta.query as { key: string };
  const text = typeof task.context === 'string' ? task.context : task.context.map((doc) => doc.content).join('\n');
  const match = new RegExp(`special magic \\w+ for ${escapeRegExp(key)} is: (\\S+?)\\.?$`, 'm').exec(text);
  return match?.[1] ?? null;
}

export const sniah: Suite = {
  name: 'sniah',
  generate: generateSniah,
  score: scoreSniah,
  shortcut: shortcutSniah,
  reference: (task) => String(task.expected),
};
