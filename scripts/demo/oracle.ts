// A scripted root policy and a rule-based sub-model for the demo recording. They stand in for real models
// (none is reachable where this project is built) and follow the paper's strategies: peek, grep, partition +
// map with batched sub-calls, reduce in code. The code they write is real and runs in the real sandbox.
import type { ScriptedReply, ScriptedRequest } from '../../test/support/openai-test-server.ts';

const fence = (prose: string, code: string) => `${prose}\n\n\`\`\`repl\n${code.trim()}\n\`\`\``;

const ROOT_TURNS = [
  fence(
    'First I will look at the shape of the context before drawing any conclusion.',
    `
print(typeof context, context.length.toLocaleString(), 'characters');
const lines = context.split('\\n');
print(lines.length.toLocaleString(), 'lines. First three:');
print(lines.slice(0, 3).join('\\n'));
`,
  ),
  fence(
    'It is a service log with a level and a service on each line. I will grep the errors and count them per service and per minute.',
    `
const errors = lines.filter((line) => / ERROR /.test(line));
const byService = {};
for (const line of errors) byService[line.split(/\\s+/)[2]] = (byService[line.split(/\\s+/)[2]] ?? 0) + 1;
print(errors.length, 'error lines by service:', byService);
const byMinute = {};
for (const line of errors) byMinute[line.slice(11, 16)] = (byMinute[line.slice(11, 16)] ?? 0) + 1;
print('busiest minutes:', Object.entries(byMinute).sort((a, b) => b[1] - a[1]).slice(0, 5));
`,
  ),
  fence(
    'The checkout and payments errors cluster between 14:07 and 14:19. I will split the lines around that window into chunks and ask a sub-model what each chunk shows, in parallel.',
    `
const firstError = lines.findIndex((line) => line.includes(' ERROR checkout '));
const lastError = lines.findLastIndex((line) => line.includes(' ERROR checkout '));
const window = lines.slice(Math.max(0, firstError - 400), lastError + 400);
const chunkSize = Math.ceil(window.length / 8);
const chunks = Array.from({ length: 8 }, (_, i) => window.slice(i * chunkSize, (i + 1) * chunkSize).join('\\n'));
const findings = await llm_query_batched(chunks.map((chunk) =>
  'Below is a slice of a production log. In two sentences: name any configuration change, deploy or rollback, and the most common error with its count.\\n\\n' + chunk));
findings.forEach((finding, i) => print('chunk', i + 1 + ':', finding));
`,
  ),
  fence(
    'The sub-models agree: a config push shrank the payments connection pool right before the errors, and a rollback ended them. I will collect the failed request ids in code and ask for a two-sentence root cause, then finish.',
    `
const failedIds = [...new Set(errors.filter((line) => line.includes(' ERROR checkout ')).map((line) => /req=(\\w+)/.exec(line)[1]))];
const rootCause = await llm_query('Combine these findings into a root-cause statement of at most two sentences:\\n\\n' + findings.join('\\n---\\n'));
const answer = rootCause + '\\n\\nFailed checkout requests (' + failedIds.length + '): ' + failedIds.join(', ');
print(answer.slice(0, 400));
FINAL_VAR('answer');
`,
  ),
];

export function demoRoot(request: ScriptedRequest): ScriptedReply {
  const last = request.messages.at(-1)?.content ?? '';
  const turn = Number(/Turn (\d+)\//.exec(last)?.[1] ?? '1');
  const text = ROOT_TURNS[turn - 1] ?? 'FINAL(I could not finish the analysis.)';
  return { text, delayMs: 600 };
}

/** Reads the slice it is given and reports config changes and the dominant error, like a careful model would. */
export function demoSub(request: ScriptedRequest): ScriptedReply {
  const prompt = request.messages.at(-1)?.content ?? '';
  if (prompt.startsWith('Combine these findings')) {
    const change = /applied config (v\d+) to payments: db\.pool\.max (\d+) -> (\d+) \(change (\w+)/.exec(prompt);
    const rollback = /rolled back payments to config (v\d+)/.exec(prompt);
    const text = change
      ? `Config ${change[1]} (change ${change[4]}) cut the payments database pool from ${change[2]} to ${change[3]} connections at 14:07:31, so payments timed out waiting for connections and checkout confirmations failed with 503s; the failures stopped when payments was rolled back to ${rollback?.[1] ?? 'the previous config'} at 14:19:02.`
      : 'The findings do not name a configuration change; the errors are payments connection-pool timeouts surfacing as checkout 503s.';
    return { text, delayMs: 900 };
  }
  const lines = prompt.split('\n');
  const changes = lines
    .filter((line) => line.includes('config-agent'))
    .map((line) => line.slice(25).replace(/^INFO\s+config-agent\s+/, ''));
  const pool = lines.filter((line) => line.includes('pool exhausted')).length;
  const upstream = lines.filter((line) => line.includes('upstream payments returned 503')).length;
  const parts = [
    changes.length > 0
      ? `Config change: ${changes.join('; ')}.`
      : 'No configuration change, deploy or rollback in this slice.',
  ];
  parts.push(
    pool + upstream > 0
      ? `Most common error: payments "pool exhausted" timeouts (${pool}), each followed by a checkout 503 from payments (${upstream}).`
      : 'No payments or checkout errors here.',
  );
  return { text: parts.join(' '), delayMs: 400 + (prompt.length % 700) };
}
