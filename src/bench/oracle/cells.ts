// The code cells of the oracle root policy, one list per kind of task and run. Each cell really does its part of
// the work in the sandbox; later cells use the variables earlier ones left behind, as a model would.
import { escapeRegExp } from '../suites/answer-text.ts';
import { LABELS } from '../suites/oolong/instances.ts';
import { keywordLabel } from '../suites/oolong/keyword-label.ts';
import { naiveHop } from '../suites/multihop/naive-hop.ts';
import { hopQuestion, type Relation } from '../suites/multihop/facts.ts';
import type { MultihopQuery } from '../suites/multihop-docs.ts';
import { CLASSIFY_HEADER, HOP_REPLY_RULE, tallySubtask } from './protocol.ts';
import * as helpers from './sandbox-helpers.ts';

export interface Cell {
  say: string;
  code: string;
}

export interface RunShape {
  /** Sub-calls exist (false in the no-sub ablation). */
  subcalls: boolean;
  /** `rlm_query` starts a child RLM (rlm-d2 at depth 0). */
  recurse: boolean;
}

const json = (value: unknown) => JSON.stringify(value);
const define = (...fns: Array<(...args: never[]) => unknown>) => fns.map((fn) => fn.toString()).join('\n\n');
/** Largest chunk handed to one sub-call (characters). */
const CHUNK_CHARS = 100_000;

export const FINAL_CELL: Cell = { say: 'The answer is in `answer`.', code: 'FINAL_VAR("answer")' };

export const peekString: Cell = {
  say: 'First, a look at the shape and the start of the context.',
  code: `print(typeof context, context.length + ' characters');\nprint(context.slice(0, 700));\nprint(context.split('\\n').length + ' lines');`,
};

export const peekDocuments: Cell = {
  say: 'First, a look at the documents.',
  code: `print(Array.isArray(context) ? context.length + ' documents' : typeof context);\nprint(context.slice(0, 5).map((doc) => doc.path + ' (' + doc.content.length + ' chars)').join('\\n'));\nprint(context[0].content.slice(0, 600));`,
};

export function sniahCells(key: string): Cell[] {
  return [
    peekString,
    {
      say: 'The question names a key; grep for lines about special magic values.',
      code: `const hits = context.split('\\n').map((line, index) => [index, line]).filter(([, line]) => /special magic/i.test(line));\nprint(hits.length + ' matching lines');\nprint(hits.slice(0, 10).map(([index, line]) => index + ': ' + line.slice(0, 200)).join('\\n'));`,
    },
    {
      say: 'Extract the value given for the key.',
      code: `const pattern = new RegExp(${json(`special magic \\w+ for ${escapeRegExp(key)} is: (\\S+?)\\.?$`)});\nconst found = hits.map(([, line]) => pattern.exec(line)).find(Boolean);\nconst answer = found ? found[1] : 'not found';\nprint(answer);`,
    },
    FINAL_CELL,
  ];
}

/** Labels every instance: by sub-model over chunks, or (ablation) by keyword rules. */
function labelCell(shape: RunShape): Cell {
  if (!shape.subcalls) {
    return {
      say: 'No sub-calls in this run: I will label the instances with keyword rules, which is only a guess.',
      code: `${define(helpers.parseInstances, helpers.tally, helpers.oolongAnswer, helpers.pairsAnswer, keywordLabel)}\n\nconst records = parseInstances(context);\nfor (const record of records) record.label = keywordLabel(record.text);\nprint(records.length + ' instances labelled by keywords');`,
    };
  }
  return {
    say: 'Every instance needs its label, which only reading it gives: split the instances into chunks and have the sub-model classify each chunk.',
    code: `${define(helpers.parseInstances, helpers.chunkItems, helpers.classifyPrompt, helpers.applyLabels, helpers.tally, helpers.oolongAnswer, helpers.pairsAnswer)}

const LABELS = ${json(LABELS)};
const records = parseInstances(context);
const total = records.reduce((sum, record) => sum + record.text.length + 8, 0);
const chunks = chunkItems(records, (record) => record.text.length + 8, Math.min(${CHUNK_CHARS}, Math.max(8000, Math.ceil(total / 4))));
print(records.length + ' instances in ' + chunks.length + ' chunks');
const replies = await llm_query_batched(chunks.map((chunk) => classifyPrompt(${json(CLASSIFY_HEADER)}, chunk)));
const labelled = chunks.reduce((sum, chunk, index) => sum + applyLabels(chunk, replies[index], LABELS), 0);
print('labelled ' + labelled + ' of ' + records.length);`,
  };
}

/** rlm-d2: child RLMs each tally one part of the lines. */
function childTallyCell(window: unknown): Cell {
  return {
    say: 'A child RLM per part of the data: each classifies its instances and returns per-user label counts, which I merge.',
    code: `${define(helpers.splitInto, helpers.mergeTallies, helpers.parseJsonObject, helpers.oolongAnswer, helpers.pairsAnswer)}

const LABELS = ${json(LABELS)};
const lines = context.split('\\n').filter((line) => line.startsWith('Date: '));
const parts = splitInto(lines, Math.max(2, Math.ceil(context.length / 1000000))).map((part) => part.join('\\n'));
print(parts.length + ' parts for child RLMs');
const childAnswers = await Promise.all(parts.map((part) => rlm_query(${json(tallySubtask(window as null))}, { context: part })));
const table = mergeTallies(childAnswers.map(parseJsonObject));
print(Object.keys(table).length + ' users in the merged tally');`,
  };
}

/** oolong-lite and pairs-lite: label, tally (windowed when asked), reduce, finish. */
export function aggregationCells(
  suite: 'oolong-lite' | 'pairs-lite',
  query: { window?: unknown },
  shape: RunShape,
): Cell[] {
  const window = json(query.window ?? null);
  const reduce = suite === 'oolong-lite' ? `oolongAnswer(table, QUERY, ${json(LABELS)})` : 'pairsAnswer(table, QUERY)';
  const cells = [peekString];
  if (shape.subcalls && shape.recurse) cells.push(childTallyCell(query.window ?? null));
  else {
    cells.push(labelCell(shape));
    cells.push({
      say: 'Count labels per user inside the scope the question sets.',
      code: `const table = tally(records, ${window});\nprint(Object.keys(table).length + ' users in scope');`,
    });
  }
  cells.push({
    say: 'Reduce the tally to the answer in code.',
    code: `const QUERY = ${json(query)};\nconst answer = ${reduce};\nprint(answer.length > 2000 ? answer.slice(0, 2000) + ' …' : answer);`,
  });
  cells.push(FINAL_CELL);
  return cells;
}

/** A child RLM's side of rlm-d2 aggregation: label its part, tally it, return the JSON. */
export function tallyChildCells(window: { from: string; to: string } | null): Cell[] {
  return [
    peekString,
    labelCell({ subcalls: true, recurse: false }),
    {
      say: 'Tally and return it as JSON.',
      code: `const answer = JSON.stringify(tally(records, ${json(window)}));\nprint(answer.slice(0, 500));`,
    },
    FINAL_CELL,
  ];
}

/** Defines `hop(relation, subject)`: grep the documents for the subject, ask the sub-model (or child RLMs). */
function hopDefinition(shape: RunShape): string {
  const prompt = `function hopPrompt(relation, subject) {\n  const questions = ${json(Object.fromEntries((['employer', 'maker', 'hq', 'founded', 'mayor'] as Relation[]).map((relation) => [relation, hopQuestion(relation, '{S}')])))};\n  return 'Sub-question [hop:' + relation + '] [entity:' + subject + ']: ' + questions[relation].replace('{S}', subject) + ' ' + ${json(HOP_REPLY_RULE)};\n}`;
  const ask = shape.recurse
    ? `const parts = splitInto(context, Math.max(2, Math.ceil(context.reduce((sum, doc) => sum + doc.content.length, 0) / 1000000)));
  const replies = await Promise.all(parts.map((part) => rlm_query(hopPrompt(relation, subject), { context: part })));
  const seen = context.length + ' documents in ' + parts.length + ' child RLMs';`
    : `const hits = context.filter((doc) => doc.content.includes(subject));
  const groups = chunkItems(hits, (doc) => doc.content.length + doc.path.length + 10, ${CHUNK_CHARS});
  const replies = groups.length === 0 ? [] : await llm_query_batched(groups.map((group) => hopPrompt(relation, subject) + '\\n\\n' + group.map((doc) => '=== ' + doc.path + ' ===\\n' + doc.content).join('\\n\\n')));
  const seen = hits.length + ' documents mention it';`;
  return `${define(helpers.chunkItems, helpers.splitInto, helpers.majority)}

${prompt}

async function hop(relation, subject) {
  ${ask}
  const answers = replies.map((reply) => reply.trim()).filter((reply) => reply && !/^none\\b/i.test(reply) && !reply.startsWith('Error:'));
  print(relation + '(' + subject + '): ' + seen + ' -> ' + JSON.stringify(answers));
  return majority(answers);
}`;
}

export function multihopCells(query: MultihopQuery, shape: RunShape): Cell[] {
  const [first, second, third] = query.hops;
  if (!shape.subcalls) {
    return [
      peekDocuments,
      {
        say: 'No sub-calls: follow the chain with keyword regexes over every document.',
        code: `${define(naiveHop)}\n\nconst texts = context.map((doc) => doc.content);\nconst step1 = naiveHop(texts, ${json(first)}, ${json(query.start)});\nprint(step1);`,
      },
      { say: 'Second hop.', code: `const step2 = step1 && naiveHop(texts, ${json(second)}, step1);\nprint(step2);` },
      {
        say: 'Last hop.',
        code: `const answer = (step2 && naiveHop(texts, ${json(third)}, step2)) || 'unknown';\nprint(answer);`,
      },
      FINAL_CELL,
    ];
  }
  return [
    peekDocuments,
    {
      say: `First hop: ${hopQuestion(first, query.start)}`,
      code: `${hopDefinition(shape)}\n\nconst step1 = await hop(${json(first)}, ${json(query.start)});\nprint(step1);`,
    },
    {
      say: 'Second hop, from what the first one found.',
      code: `const step2 = await hop(${json(second)}, step1);\nprint(step2);`,
    },
    { say: 'Last hop.', code: `const answer = (await hop(${json(third)}, step2)) || 'unknown';\nprint(answer);` },
    FINAL_CELL,
  ];
}

/** A child RLM of rlm-d2 multihop: one hop over its part of the documents. */
export function hopChildCells(relation: string, subject: string): Cell[] {
  return [
    peekDocuments,
    {
      say: 'Grep my documents for the subject and ask the sub-model.',
      code: `${hopDefinition({ subcalls: true, recurse: false })}\n\nconst answer = (await hop(${json(relation)}, ${json(subject)})) || 'NONE';\nprint(answer);`,
    },
    FINAL_CELL,
  ];
}
