// Fact sentences of the multihop world. True templates state a relation; near-miss templates mention the same
// subject with a different, wrong object (a former employer, a branch office, the cathedral's founding…). The
// readers match whole sentences against the true templates only: that is how the oracle sub-model "reads".
import { escapeRegExp } from '../answer-text.ts';

export type Relation = 'employer' | 'maker' | 'hq' | 'founded' | 'mayor';

/** `{S}` subject, `{O}` object, `{Y}` an unrelated year, `{R}` a job title. */
export const TRUE_TEMPLATES: Record<Relation, string[]> = {
  employer: [
    '{S} works at {O} as a {R}.',
    '{S} has been employed by {O} since {Y}.',
    'Since {Y}, {S} has held a {R} position at {O}.',
    '{S} currently draws a salary from {O}.',
    'These days {S} is on the payroll of {O}.',
  ],
  maker: [
    '{S} is manufactured by {O}.',
    '{O} builds {S} at its main plant.',
    'Every unit of {S} comes off the assembly line of {O}.',
    '{S} is a product of {O}.',
  ],
  hq: [
    '{S} is headquartered in {O}.',
    '{S} keeps its head office in {O}.',
    'The headquarters of {S} are in {O}.',
    '{S} moved its headquarters to {O} in {Y}.',
  ],
  founded: [
    '{S} was founded in {O}.',
    'Records show that {S} was established in {O}.',
    'Settlers founded {S} in {O}.',
    'The founding of {S} dates to {O}.',
  ],
  mayor: ['The current mayor of {S} is {O}.', '{O} serves as the mayor of {S}.', '{S} is governed by its mayor, {O}.'],
};

/** Sentences about the subject with a wrong object: a reader that skims for keywords falls for them. */
export const NEAR_MISS_TEMPLATES: Record<Relation, string[]> = {
  employer: [
    '{S} worked at {O} until {Y}.',
    '{S} turned down a job offer from {O} in {Y}.',
    "{S}'s sister works at {O} as a {R}.",
    '{S} was briefly employed by {O} as an intern in {Y}.',
  ],
  maker: [
    '{S} is sold in the shops run by {O}.',
    '{S} competes with a model made by {O}.',
    '{O} once licensed the design of {S} but never built it.',
  ],
  hq: [
    '{S} used to be headquartered in {O}.',
    '{S} opened a branch office in {O} in {Y}.',
    '{S} held its annual meeting in {O} in {Y}.',
  ],
  founded: [
    'The cathedral of {S} was founded in {O}.',
    '{S} was granted a market charter in {O}.',
    'The university of {S} was established in {O}.',
  ],
  mayor: [
    '{O} served as the mayor of {S} until {Y}.',
    '{O} is the deputy mayor of {S}.',
    '{O} ran for mayor of {S} in {Y} but lost.',
  ],
};

export function writeFact(template: string, parts: { S: string; O: string; Y: string; R: string }): string {
  return template.replace(/\{([SOYR])\}/g, (_, key: 'S' | 'O' | 'Y' | 'R') => parts[key]);
}

function readerFor(template: string, subject: string): RegExp {
  const pattern = escapeRegExp(template)
    .replace('\\{S\\}', escapeRegExp(subject))
    .replace('\\{O\\}', '(.+?)')
    .replace('\\{Y\\}', '\\d{4}')
    .replace('\\{R\\}', '[a-z ]+?');
  return new RegExp(`^${pattern}$`);
}

/** Sentences of a text: split after full stops and at line breaks. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=\.)\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Every object the text states for `relation(subject)` in one of the true templates. */
export function readFacts(text: string, relation: Relation, subject: string): string[] {
  const readers = TRUE_TEMPLATES[relation].map((template) => readerFor(template, subject));
  const found: string[] = [];
  for (const sentence of sentencesOf(text)) {
    if (!sentence.includes(subject)) continue;
    for (const reader of readers) {
      const match = reader.exec(sentence);
      if (match?.[1] !== undefined && !found.includes(match[1])) found.push(match[1]);
    }
  }
  return found;
}

/** What a sub-question about one hop asks, in words. */
export function hopQuestion(relation: Relation, subject: string): string {
  switch (relation) {
    case 'employer':
      return `Which organisation does ${subject} work for now?`;
    case 'maker':
      return `Which company makes ${subject}?`;
    case 'hq':
      return `In which city does ${subject} have its headquarters now?`;
    case 'founded':
      return `In which year was the city of ${subject} founded?`;
    case 'mayor':
      return `Who is the current mayor of ${subject}?`;
  }
}
