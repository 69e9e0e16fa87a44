// Instance texts: short general-knowledge questions with a hidden answer-type label (the six coarse classes of a
// TREC-style question classifier). Templates are phrased so that keyword rules misfire: people asked about with
// "Name the…", places with "Which…", numbers with "What is the … of", abbreviations with "How is … shortened".
import type { Random } from '../random.ts';

export const LABELS = ['numeric value', 'entity', 'location', 'description and abstract concept', 'abbreviation', 'human being'] as const;
export type Label = (typeof LABELS)[number];

const PLACE_HEAD = ['Vel', 'Ost', 'Har', 'Kess', 'Mar', 'Tor', 'Bel', 'Cal', 'Dun', 'Fen', 'Gal', 'Ith', 'Lor', 'Nar', 'Pel', 'Quen', 'Ros', 'Sel', 'Thar', 'Ul', 'Wyn', 'Brae', 'Corr', 'Esk'];
const PLACE_TAIL = ['mora', 'rel', 'holt', 'wick', 'dale', 'mere', 'ford', 'haven', 'stead', 'gard', 'burn', 'ley', 'moor', 'wen'];
const THINGS = ['saltwood canoes', 'brass astrolabes', 'glass fishing floats', 'reed flutes', 'copper kettles', 'felted blankets', 'clay whistles', 'iron lanterns', 'paper kites', 'cedar chests', 'tin lockets', 'oak barrels', 'linen sails', 'bone dice', 'horn combs', 'wax seals', 'rope ladders', 'lacquered fans'];
const TOOLS = ['water clock', 'tide mill', 'spinning wheel', 'sundial', 'bellows pump', 'windlass', 'loom treadle', 'plumb line', 'sextant', 'seed drill', 'rain gauge', 'kiln damper'];
const TOPICS = ['tidal mechanics', 'glass annealing', 'crop rotation', 'double-entry bookkeeping', 'dead reckoning', 'lacquer curing', 'bell tuning', 'seed banking', 'terrace farming', 'cloud seeding', 'dry-stone walling', 'ink grinding', 'coppicing', 'salt panning'];
const ROLES = ['sculptor', 'poet', 'navigator', 'architect', 'chemist', 'engraver', 'astronomer', 'composer', 'surveyor', 'cartographer', 'botanist', 'playwright', 'shipwright', 'glassblower'];
const TITLE_ADJ = ['Salt', 'Winter', 'Hollow', 'Quiet', 'Ninth', 'Amber', 'Drowned', 'Lesser', 'Crooked', 'Silver', 'Last', 'Patient'];
const TITLE_NOUN = ['Orchard', 'Loom', 'Ledger', 'Lighthouse', 'Harvest', 'Compass', 'Bell', 'Ferry', 'Garden', 'Almanac', 'Quarry', 'Tide'];
const ORG_KIND = ['Trading Company', 'Society of Engravers', 'Maritime Union', 'Weather Bureau', 'Institute of Surveyors', 'Board of Canals', 'Guild of Glassmakers', 'Rail Authority', 'Archive Trust', 'Lifeboat League'];
const EVENT_KIND = ['Lantern Festival', 'salt strike', 'great flood', 'spring regatta', 'harvest fair', 'bridge riot', 'comet watch', 'wool auction', 'winter siege', 'river census'];
const GROUPS = ['river pilots', 'salt traders', 'hill shepherds', 'lamp lighters', 'net menders', 'bee keepers', 'stone cutters', 'ferry crews'];
const SUBSTANCES = ['quarnel oil', 'tarvine resin', 'blue marsh salt', 'lamp spirit', 'fen wax', 'rowan tar', 'slate dust', 'kelp ash'];
const WORDS = ['sennick', 'dorrow', 'plimsy', 'quarrant', 'tollow', 'brisket-eye', 'fenwhistle', 'marrowby', 'skelp', 'cawdle', 'hoddin', 'wimble'];
const DISHES = ['barley stew', 'smoked eel pie', 'nettle broth', 'honey oatcakes', 'pickled samphire', 'black bread'];
const PHENOMENA = ['the green fog', 'the summer hum', 'the red tides', 'the singing ice', 'the long echoes', 'the dry lightning'];

type Filler = (random: Random) => string;
const place: Filler = (r) => `${r.pick(PLACE_HEAD)}${r.pick(PLACE_TAIL)}`;
const SLOTS: Record<string, Filler> = {
  place,
  place2: place,
  thing: (r) => r.pick(THINGS),
  tool: (r) => r.pick(TOOLS),
  topic: (r) => r.pick(TOPICS),
  topic2: (r) => r.pick(TOPICS),
  role: (r) => r.pick(ROLES),
  work: (r) => `"The ${r.pick(TITLE_ADJ)} ${r.pick(TITLE_NOUN)}"`,
  org: (r) => `the ${place(r)} ${r.pick(ORG_KIND)}`,
  event: (r) => `the ${place(r)} ${r.pick(EVENT_KIND)}`,
  group: (r) => `the ${r.pick(GROUPS)} of ${place(r)}`,
  substance: (r) => r.pick(SUBSTANCES),
  word: (r) => r.pick(WORDS),
  dish: (r) => `${place(r)} ${r.pick(DISHES)}`,
  phenomenon: (r) => r.pick(PHENOMENA),
  acr: (r) => Array.from({ length: r.int(3, 4) }, () => String.fromCharCode(65 + r.int(0, 25))).join(''),
  year: (r) => String(r.int(1400, 1990)),
};

export const TEMPLATES: Record<Label, string[]> = {
  'human being': [
    'Who founded {org}?',
    'Which {role} designed the old bridge at {place}?',
    'Name the {role} who first described {topic}.',
    'What was the name of the {role} who led {event}?',
    'Whose portrait hangs in the town hall of {place}?',
    'Who wrote {work}?',
    'Which explorer first mapped the coast of {place}?',
    'Tell me the name of the {role} behind {work}.',
    'What {role} won the first prize at {event}?',
    'Identify the person credited with inventing the {tool}.',
    'Which monarch signed the charter of {org}?',
    'By whom was {work} translated in {year}?',
    'What is the name of the {role} who married into the ruling family of {place}?',
    'Name the captain of the first ship to reach {place}.',
  ],
  location: [
    'Where is {org} based?',
    'Name the country where {thing} were first made.',
    'Which city hosted {event}?',
    'What river flows through {place}?',
    'In which valley do {group} graze their herds?',
    'What is the capital of the province around {place}?',
    'Where can one still see {thing} being carved by hand?',
    'Which port do the ships of {place} sail to most often?',
    'Name the mountain range that borders {place}.',
    'What island lies off the coast of {place}?',
    'To which province does {place} belong?',
    'Tell me the region famous for its {thing}.',
    'What desert separates {place} from {place2}?',
    'Which harbour did {group} leave from in {year}?',
  ],
  'numeric value': [
    'How many {thing} are made in {place} each year?',
    'When did {event} take place?',
    'What year was {org} founded?',
    'Name the year in which {event} ended.',
    'What is the population of {place}?',
    'How far is {place} from {place2}?',
    'What is the boiling point of {substance}?',
    'How old was the {role} who led {event}?',
    'Give the length in kilometres of the canal that runs through {place}.',
    'What percentage of {place} is covered by forest?',
    'At what temperature does {substance} begin to melt?',
    'Roughly what does a ticket to {event} cost?',
    'Tell me the height of the clock tower in {place}.',
    'In which century were the first {thing} sold in {place}?',
  ],
  entity: [
    'What is the name of the ship that carried {group} to {place}?',
    'Which instrument is played at the opening of {event}?',
    'Name the breed of dog kept by {group}.',
    'What colour is the flag of {place}?',
    'What sport is most popular in {place}?',
    'Which language is spoken by {group}?',
    'What do {group} eat during {event}?',
    'What kind of tree grows along the shores of {place}?',
    'Which coin was used in {place} before {event}?',
    'What are {thing} usually made of?',
    'Tell me the name of the newspaper printed in {place}.',
    'What animal appears on the seal of {org}?',
    'Which award did {work} receive in {year}?',
    'How is the card game played during {event} called?',
  ],
  'description and abstract concept': [
    'What is {topic}?',
    'Why do {group} celebrate {event}?',
    'How does a {tool} work?',
    'What does the word "{word}" mean?',
    'Describe the rules of the board game played in {place}.',
    'What causes {phenomenon} near {place}?',
    'Explain the difference between {topic} and {topic2}.',
    'What is the origin of the custom of ringing bells at {event}?',
    'How do you prepare {dish}?',
    'What happens during {event}?',
    'What is meant by the term "{word}" in {topic}?',
    'Which factors led to {event}?',
    'What is the purpose of a {tool}?',
    'Name the main idea behind {topic}.',
  ],
  abbreviation: [
    'What does {acr} stand for?',
    'What is the full form of {acr}?',
    'What is the abbreviation for {org}?',
    'Expand the acronym {acr}.',
    '{acr} is short for what?',
    'What do the letters {acr} painted on {thing} signify?',
    'How is {org} usually shortened in writing?',
    'What is the short form of the name {org}?',
    'Which initials are used for {org}?',
    'What is {acr} an abbreviation of?',
    'Spell out {acr}.',
    'What name hides behind the letters {acr} on the gates of {place}?',
  ],
};

/** Fills one template; the first letter is capitalised (templates may start with a slot). */
export function renderInstance(template: string, random: Random): string {
  const text = template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    const fill = SLOTS[slot];
    if (!fill) throw new Error(`unknown slot {${slot}} in "${template}"`);
    return fill(random);
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}
