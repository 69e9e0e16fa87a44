// Records the event logs the UI tests fold and render: REAL engine runs (createRlm over real HTTP to the local
// scripted OpenAI-compatible server), with scripted root and sub-models standing in for real ones.
//   fixtures/events/map-1000.jsonl  peek → grep → map of llm_query_batched over 1,000 chunks (2 fail with HTTP 400,
//                                   1 is retried after a 429) → one llm_query and FINAL_VAR
//   fixtures/events/depth-2.jsonl   maxDepth 3: root → rlm_query child → rlm_query grandchild (depth 2, whose own
//                                   rlm_query falls back to a plain call), each finishing with FINAL
// One event per line, `llm_call_delta` left out (as the trajectory log does).
// Run: npx node --no-node-snapshot scripts/record-ui-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createProviderResolver, createRlm, shouldLog, type RlmResult } from '../src/engine/internal.ts';
import { startTestServer, type ScriptedReply, type ScriptedRequest } from '../test/support/openai-test-server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}fixtures/events`;

const MAP_QUESTION = 'How many ERROR lines does the service log hold, and which services do they come from?';
const DEPTH_QUESTION = 'What is the vault code hidden in section B?';
const CHUNKS = 1000;
/** Chunks whose sub-call fails with HTTP 400, and the one that gets a 429 first and is retried. */
const FAILING_CHUNKS = [17, 503];
const RETRIED_CHUNK = 250;

const PRICES = {
  'root-model': { input: 1.25, cachedInput: 0.125, output: 10 },
  'sub-model': { input: 0.25, cachedInput: 0.025, output: 2 },
};

const fence = (prose: string, code: string) => `${prose}\n\n\`\`\`repl\n${code.trim()}\n\`\`\``;
const turnOf = (request: ScriptedRequest) =>
  Number(/Turn (\d+)\//.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? '1');
const lastText = (request: ScriptedRequest) => request.messages.at(-1)?.content ?? '';

/** 2,000 short log lines: every 7th an ERROR from one of three services. */
function serviceLog(): string {
  const services = ['auth', 'billing', 'search'];
  return Array.from(
    { length: CHUNKS * 2 },
    (_, i) => `${String(i).padStart(4, '0')} ${i % 7 === 3 ? 'ERROR' : 'INFO'} ${services[i % 3]} req${i}`,
  ).join('\n');
}

const MAP_TURNS = [
  fence(
    'First a look at the shape of the context.',
    `
print(context.length, 'chars');
print(context.slice(0, 120));
`,
  ),
  fence(
    'One log line per row. I will grep the ERROR lines.',
    `
const lines = context.split('\\n');
const errors = lines.filter((line) => / ERROR /.test(line));
print(lines.length, 'lines,', errors.length, 'errors');
`,
  ),
  fence(
    'Now I map a sub-model over 1,000 chunks of two lines each, in parallel.',
    `
const chunks = Array.from({ length: ${CHUNKS} }, (_, i) => lines.slice(i * 2, i * 2 + 2).join('\\n'));
const answers = await llm_query_batched(chunks.map((chunk, i) => 'chunk ' + i + ': which services log ERROR?\\n' + chunk));
const failed = answers.reduce((count, answer) => count + (answer.startsWith('Error:') ? 1 : 0), 0);
print(answers.length, 'answers,', failed, 'failed');
`,
  ),
  fence(
    'I will summarise the per-chunk answers with one call and finish.',
    `
const named = answers.reduce((text, answer) => (answer.startsWith('Error:') || answer === 'none' ? text : text + answer + ' '), '');
const summary = await llm_query('Summarise which services logged errors: ' + named.slice(0, 300));
const answer = errors.length + ' ERROR lines; ' + summary;
FINAL_VAR('answer');
`,
  ),
];

const retriedOnce = new Set<number>();

function mapScript(request: ScriptedRequest): ScriptedReply {
  if (request.model === 'root-model')
    return { text: MAP_TURNS[turnOf(request) - 1] ?? 'FINAL(out of script)', delayMs: 5 };
  const prompt = lastText(request);
  if (prompt.startsWith('Summarise')) return { text: 'errors come from auth, billing and search', delayMs: 5 };
  const chunk = Number(/^chunk (\d+):/.exec(prompt)?.[1] ?? -1);
  if (FAILING_CHUNKS.includes(chunk))
    return { status: 400, text: `chunk ${chunk} was rejected by the scripted server` };
  if (chunk === RETRIED_CHUNK && !retriedOnce.has(chunk)) {
    retriedOnce.add(chunk);
    return { status: 429, text: 'slow down', headers: { 'retry-after': '0' } };
  }
  const services = [...prompt.matchAll(/ ERROR (\w+) /g)].map((match) => match[1]);
  return { text: services.length > 0 ? services.join(',') : 'none', delayMs: 1 + (chunk % 4) };
}

function depthScript(request: ScriptedRequest): ScriptedReply {
  const turn = turnOf(request);
  if (request.model === 'root-model') {
    const turns = [
      fence(
        'Looking at the sections first.',
        `print(context.map((doc) => doc.path + ': ' + doc.content.slice(0, 30)).join('\\n'));`,
      ),
      fence(
        'Section B needs its own exploration: a child RLM.',
        `const found = await rlm_query('Find the vault code in section B', { context: context[1].content });\nprint(found);`,
      ),
      fence('The child found it.', `FINAL('The vault code is ' + found);`),
    ];
    return { text: turns[turn - 1] ?? 'FINAL(out of script)', delayMs: 5 };
  }
  // Sub-model: RLM roots (children) get a system prompt naming their depth; plain calls get none.
  const depth = Number(/sub-task at depth (\d+)/.exec(request.system ?? '')?.[1] ?? 0);
  if (depth === 1) {
    const turns = [
      fence('A peek at section B.', `print(context.slice(0, 80));`),
      fence(
        'The vault is deeper: one more child.',
        `const vault = context.slice(context.indexOf('vault'));\nconst digits = await rlm_query('Read the digits in the vault', { context: vault });\nprint(digits);`,
      ),
      fence('Done.', `FINAL(digits.trim());`),
    ];
    return { text: turns[turn - 1] ?? 'FINAL(out of script)', delayMs: 5 };
  }
  if (depth === 2) {
    const turns = [
      fence('Peek at the vault.', `print(context.slice(0, 60));`),
      fence(
        'Ask for the digits (a plain call at this depth).',
        `const leaf = await rlm_query('Which digits follow "code"?', { context });\nprint(leaf);`,
      ),
      fence('Finish.', `FINAL(leaf);`),
    ];
    return { text: turns[turn - 1] ?? 'FINAL(out of script)', delayMs: 5 };
  }
  return { text: '4711', delayMs: 5 };
}

function depthContext() {
  return [
    { path: 'sections/a.txt', content: 'Section A: nothing of interest here, only inventory lists.' },
    {
      path: 'sections/b.txt',
      content: 'Section B: notes on the east wing. The vault door is steel; vault code 4711 is written inside.',
    },
  ];
}

function write(name: string, result: RlmResult): number {
  const text = `${result.trajectory
    .filter(shouldLog)
    .map((event) => JSON.stringify(event))
    .join('\n')}\n`;
  writeFileSync(`${dir}/${name}`, text);
  return text.length;
}

async function record(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const server = await startTestServer(mapScript);
  try {
    const resolveModel = createProviderResolver({ baseUrl: server.baseURL });
    const base = {
      model: 'root-model',
      subModel: 'sub-model',
      resolveModel,
      prices: PRICES,
      retry: { initialDelayMs: 5, maxDelayMs: 50 },
    };

    const map = await createRlm({
      ...base,
      concurrency: 32,
      maxIterations: 6,
      generateId: () => 'fixture-map-1000',
    }).completion(MAP_QUESTION, { context: serviceLog() });
    if (map.stopReason !== 'final') throw new Error(`map run stopped with ${map.stopReason}: ${map.error?.message}`);
    console.log(
      `map-1000.jsonl  ${write('map-1000.jsonl', map).toLocaleString('en-US')} bytes · ${map.subcalls} sub-calls · answer: ${map.answer}`,
    );

    server.setScript(depthScript);
    const deep = await createRlm({
      ...base,
      maxDepth: 3,
      maxIterations: 5,
      generateId: () => 'fixture-depth-2',
    }).completion(DEPTH_QUESTION, { context: depthContext() });
    if (deep.stopReason !== 'final')
      throw new Error(`depth-2 run stopped with ${deep.stopReason}: ${deep.error?.message}`);
    console.log(
      `depth-2.jsonl   ${write('depth-2.jsonl', deep).toLocaleString('en-US')} bytes · ${deep.subcalls} sub-calls · answer: ${deep.answer}`,
    );
  } finally {
    await server.close();
  }
}

await record();
