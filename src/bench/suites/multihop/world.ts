// The invented world behind multihop-docs: people, products, organisations and cities, each with its facts, plus
// near-namesakes (one letter off) that make grepping for a name less than enough.
import type { Random } from '../random.ts';

const FIRST = [
  'Marta',
  'Pavel',
  'Ines',
  'Tobias',
  'Lena',
  'Oskar',
  'Greta',
  'Milan',
  'Noor',
  'Emil',
  'Sana',
  'Viktor',
  'Alma',
  'Rafael',
  'Ida',
  'Bruno',
  'Zora',
  'Felix',
  'Hana',
  'Anton',
  'Clara',
  'Dario',
  'Elif',
  'Jonas',
  'Kaja',
  'Luka',
  'Mira',
  'Nils',
  'Olga',
  'Pia',
  'Quentin',
  'Rosa',
  'Stellan',
  'Tereza',
  'Ulla',
  'Vera',
  'Wim',
  'Yara',
];
const LAST = [
  'Koval',
  'Lindqvist',
  'Ambrose',
  'Okafor',
  'Varga',
  'Nakamura',
  'Brandt',
  'Castell',
  'Dunmore',
  'Eriksen',
  'Falk',
  'Gallo',
  'Haddad',
  'Ivers',
  'Jansen',
  'Kerr',
  'Lozano',
  'Moreau',
  'Novak',
  'Ortega',
  'Pryce',
  'Quist',
  'Rahman',
  'Sorensen',
  'Tanaka',
  'Ulrich',
  'Voss',
  'Weller',
  'Yilmaz',
  'Zeller',
  'Abbott',
  'Bianchi',
  'Crane',
  'Delacroix',
  'Esposito',
  'Fenwick',
  'Grieve',
  'Holm',
];
const ORG_HEAD = [
  'Brightwater',
  'Copperfield',
  'Northgate',
  'Silverline',
  'Redmoor',
  'Ashgrove',
  'Blackpine',
  'Clearbrook',
  'Eastmarch',
  'Fairhaven',
  'Goldcrest',
  'Highmere',
  'Ironbridge',
  'Kingsley',
  'Larkspur',
  'Millbank',
  'Oakhurst',
  'Pinecliff',
  'Riverton',
  'Stonebay',
  'Thornfield',
  'Westbrook',
  'Windmere',
  'Yellowfen',
];
const ORG_TAIL = [
  'Analytics',
  'Logistics',
  'Textiles',
  'Instruments',
  'Shipping',
  'Foods',
  'Ceramics',
  'Optics',
  'Printing',
  'Robotics',
  'Pharmaceuticals',
  'Timberworks',
  'Holdings',
  'Foundry',
  'Mills',
];
const CITY_HEAD = [
  'Varn',
  'Ost',
  'Kel',
  'Brun',
  'Sar',
  'Thal',
  'Mor',
  'Ferr',
  'Gald',
  'Hel',
  'Lund',
  'Ness',
  'Quar',
  'Rav',
  'Sten',
  'Tor',
  'Ulm',
  'Wend',
  'Ard',
  'Cor',
  'Dorn',
  'Ebb',
  'Fal',
  'Grim',
];
const CITY_TAIL = [
  'holt',
  'mere',
  'wick',
  'burg',
  'stad',
  'haven',
  'field',
  'more',
  'port',
  'ridge',
  'vale',
  'by',
  'ton',
  'dal',
];
const BRANDS = [
  'Quillon',
  'Tessaro',
  'Vantor',
  'Orbis',
  'Kestrel',
  'Lumen',
  'Pallas',
  'Corvid',
  'Solace',
  'Nimbus',
  'Arden',
  'Halcyon',
  'Zephra',
  'Mistral',
];
const GADGETS = [
  'kettle',
  'camera',
  'bicycle',
  'lantern',
  'loom',
  'typewriter',
  'telescope',
  'radio',
  'scooter',
  'drill',
  'oven',
  'compass',
];
export const ROLES = [
  'designer',
  'chemist',
  'buyer',
  'technician',
  'planner',
  'translator',
  'surveyor',
  'clerk',
  'manager',
  'pilot',
];

export interface World {
  people: string[];
  products: string[];
  orgs: string[];
  cities: string[];
  employer: Map<string, string>;
  maker: Map<string, string>;
  hq: Map<string, string>;
  founded: Map<string, string>;
  mayor: Map<string, string>;
}

/** Draws names until `count` distinct ones exist that are not in `taken` (which grows). */
function names(random: Random, count: number, make: () => string, taken: Set<string>): string[] {
  const out: string[] = [];
  for (let guard = 0; out.length < count && guard < count * 200; guard += 1) {
    const name = make();
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  return out;
}

/** A near-namesake: one letter of the last word changed (never a superstring of the original). */
export function nearName(random: Random, name: string, taken: Set<string>): string {
  const words = name.split(' ');
  const lastIndex = words.findLastIndex((word) => /^[A-Z][a-z]{3,}$/.test(word));
  for (let guard = 0; guard < 50; guard += 1) {
    const word = words[lastIndex] ?? '';
    const at = random.int(1, word.length - 1);
    const letter = random.pick([...'aeiourlnst']);
    const changed = word.slice(0, at) + letter + word.slice(at + 1);
    const candidate = words.map((item, index) => (index === lastIndex ? changed : item)).join(' ');
    if (candidate !== name && !taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  return (
    names(random, 1, () => `${name.split(' ')[0]} ${random.pick(LAST)}${random.pick(['e', 'son', 'ey'])}`, taken)[0] ??
    `${name} Jr`
  );
}

export function buildWorld(
  random: Random,
  size: { people: number; products: number; orgs: number; cities: number },
): World {
  const taken = new Set<string>();
  const people = names(random, size.people, () => `${random.pick(FIRST)} ${random.pick(LAST)}`, taken);
  const mayors = names(random, size.cities, () => `${random.pick(FIRST)} ${random.pick(LAST)}`, taken);
  const products = names(
    random,
    size.products,
    () =>
      `${random.pick(BRANDS)} ${String.fromCharCode(65 + random.int(0, 25))}${random.int(2, 99)} ${random.pick(GADGETS)}`,
    taken,
  );
  const orgs = names(random, size.orgs, () => `${random.pick(ORG_HEAD)} ${random.pick(ORG_TAIL)}`, taken);
  const cities = names(random, size.cities, () => `${random.pick(CITY_HEAD)}${random.pick(CITY_TAIL)}`, taken);
  const usedYears = new Set<number>();
  const year = () => {
    for (;;) {
      const value = random.int(1100, 1890);
      if (!usedYears.has(value)) {
        usedYears.add(value);
        return String(value);
      }
    }
  };
  return {
    people,
    products,
    orgs,
    cities,
    employer: new Map(people.map((person) => [person, random.pick(orgs)])),
    maker: new Map(products.map((product) => [product, random.pick(orgs)])),
    hq: new Map(orgs.map((org) => [org, random.pick(cities)])),
    founded: new Map(cities.map((city) => [city, year()])),
    mayor: new Map(cities.map((city, index) => [city, mayors[index] ?? 'nobody'])),
  };
}

/** Every name in use, for near-namesakes that must not collide. */
export function takenNames(world: World): Set<string> {
  return new Set([...world.people, ...world.products, ...world.orgs, ...world.cities, ...world.mayor.values()]);
}
