// Plausible padding prose for the multihop documents. It names people, companies and cities from the world in
// passing, without stating any of the relations the questions ask about.
import type { Random } from '../random.ts';
import type { World } from './world.ts';

const PROSE = [
  'The committee met twice that month to review the budget, and both meetings ran late.',
  'Local newspapers covered the story for a week before moving on to the harvest.',
  'Several residents wrote letters asking for better lighting on the old quay.',
  'The weather stayed mild, which pleased the market traders more than anyone.',
  'A new footbridge was proposed, debated at length, and then quietly shelved.',
  'Rail timetables changed in the spring, to the confusion of regular commuters.',
  'Volunteers repainted the railings along the promenade over a long weekend.',
  'The regional archive reopened after repairs to its leaking roof.',
  'Prices for timber rose steadily through the year, squeezing small builders.',
  'An exhibition of old maps drew larger crowds than the organisers expected.',
  'School holidays began a week early because of a burst water main.',
  'Ferry crossings were cancelled for two days during the autumn gales.',
];

const MENTIONS: Array<(w: World, r: Random) => string> = [
  (w, r) => `${r.pick(w.orgs)} sponsored the regional rowing race in ${r.int(1990, 2023)}.`,
  (w, r) => `Visitors to ${r.pick(w.cities)} often remark on its narrow, winding streets.`,
  (w, r) => `${r.pick(w.people)} spoke briefly at the opening of the new public library.`,
  (w, r) => `A delegation from ${r.pick(w.cities)} toured the harbour works last summer.`,
  (w, r) => `${r.pick(w.orgs)} published its annual report a month later than usual.`,
  (w, r) => `${r.pick(w.people)} was quoted as saying that the plan needed more time.`,
  (w, r) =>
    `The trade fair in ${r.pick(w.cities)} featured a stand shared by ${r.pick(w.orgs)} and several smaller firms.`,
  (w, r) => `Reviewers praised ${r.pick(w.products)} for its sturdy build but found it heavy.`,
  (w, r) => `${r.pick(w.people)} and ${r.pick(w.people)} co-wrote a short essay on river transport.`,
  (w, r) =>
    `The museum in ${r.pick(w.cities)} added a room devoted to ${r.pick(['clockmaking', 'weaving', 'printing', 'shipbuilding'])}.`,
];

export function fillerSentence(world: World, random: Random): string {
  return random.chance(0.45) ? random.pick(MENTIONS)(world, random) : random.pick(PROSE);
}

const TITLES: Array<(w: World, r: Random) => string> = [
  (w, r) => `Notes from ${r.pick(w.cities)}`,
  (w, r) => `Company bulletin: ${r.pick(w.orgs)}`,
  (_, r) => `Regional digest, ${r.pick(['spring', 'summer', 'autumn', 'winter'])} ${r.int(2000, 2024)}`,
  (w, r) => `Profiles: ${r.pick(w.people)} and others`,
  (_, r) => `Trade and industry review no. ${r.int(1, 400)}`,
  (w, r) => `Around ${r.pick(w.cities)} this month`,
];

export function documentTitle(world: World, random: Random): string {
  return random.pick(TITLES)(world, random);
}
