// npm run bench:cli — the CLI's own cost, each figure against a floor measured in the same run (issue 14):
//   1. spawn → first root request, tiny stdin context, vs plain Node reading stdin and sending one fetch (goal: +250 ms)
//   2. engine time per root turn (root reply → next root request) against an instant server, vs a sequential fetch
//      loop (goal: within 5 ms)
//   3. peak RSS of a small run (goal ≤ 120 MB)
// The scripted server runs in this process and timestamps each request's arrival and each reply's return.
import { startTestServer, type Script } from '../src/scripted-server/index.ts';
import { rlmAskArgs, runChild } from './support/run-child.ts';

const node = process.execPath;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fence = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

interface Timeline {
  arrivals: number[];
  replies: number[];
}

/** A root that runs a trivial cell each turn until `turns`, then FINAL; records when requests arrive and replies leave. */
function turnsScript(turns: number, timeline: Timeline): Script {
  let turn = 0;
  return () => {
    timeline.arrivals.push(performance.now());
    turn += 1;
    const reply = { text: turn >= turns ? 'FINAL(done)' : fence(`${turn} + 1`) };
    timeline.replies.push(performance.now());
    return reply;
  };
}

async function measure(kind: 'rlm' | 'floor', turns: number, extraArgs: string[] = []) {
  const timeline: Timeline = { arrivals: [], replies: [] };
  const server = await startTestServer(turnsScript(turns, timeline));
  try {
    const spawned = performance.now();
    const args =
      kind === 'rlm'
        ? rlmAskArgs(server.baseURL, [
            '--log',
            '/tmp/rlm-bench-cli.jsonl',
            '--max-iterations',
            String(turns + 1),
            ...extraArgs,
            'what is in it?',
          ])
        : ['bench/support/floor-client.ts', turns === 1 ? 'first' : 'loop', String(turns)];
    const result = await runChild(node, args, 'tiny context\n', {
      FLOOR_BASE_URL: server.baseURL,
      RLM_MODEL: '',
      CI: 'true',
    });
    if (result.code !== 0) throw new Error(`${kind} exited ${result.code}: ${result.stderr}`);
    const gaps = timeline.arrivals.slice(1).map((arrival, index) => arrival - (timeline.replies[index] ?? arrival));
    return { firstRequestMs: (timeline.arrivals[0] ?? spawned) - spawned, perTurnMs: median(gaps) };
  } finally {
    await server.close();
  }
}

async function peakRssMb(): Promise<number> {
  const timeline: Timeline = { arrivals: [], replies: [] };
  const server = await startTestServer(turnsScript(3, timeline));
  try {
    const { stderr: result } = await runChild(
      '/usr/bin/time',
      ['-f', '%M', node, ...rlmAskArgs(server.baseURL, ['--no-log', '--json', 'q'])],
      'tiny context\n',
      { CI: 'true' },
    );
    const kb = Number(/(\d+)\s*$/.exec(result.trim())?.[1] ?? 'NaN');
    return kb / 1024;
  } finally {
    await server.close();
  }
}

const RUNS = 7;
const startup = { rlm: [] as number[], floor: [] as number[] };
for (let index = 0; index < RUNS; index += 1) {
  startup.floor.push((await measure('floor', 1)).firstRequestMs);
  startup.rlm.push((await measure('rlm', 1)).firstRequestMs);
}
const [rlmStart, floorStart] = [median(startup.rlm), median(startup.floor)];
console.log(
  `start-up    spawn → first root request, tiny stdin context, median of ${RUNS}: rlm ${rlmStart.toFixed(0)} ms vs plain node + fetch ${floorStart.toFixed(0)} ms → +${(rlmStart - floorStart).toFixed(0)} ms (goal ≤ +250 ms)`,
);

const TURNS = 20;
const perTurn = { rlm: [] as number[], floor: [] as number[] };
// Seven runs each: a run's median moves by a millisecond or two with JIT timing, so three were too few to read.
const TURN_RUNS = 7;
for (let index = 0; index < TURN_RUNS; index += 1) {
  perTurn.floor.push((await measure('floor', TURNS)).perTurnMs);
  perTurn.rlm.push((await measure('rlm', TURNS)).perTurnMs);
}
const [rlmTurn, floorTurn] = [median(perTurn.rlm), median(perTurn.floor)];
console.log(
  `per turn    root reply → next root request, instant server, ${TURNS} turns, median of ${TURN_RUNS} runs' medians: rlm ${rlmTurn.toFixed(1)} ms vs fetch loop ${floorTurn.toFixed(1)} ms → +${(rlmTurn - floorTurn).toFixed(1)} ms (goal ≤ +5 ms)`,
);

const rss = [await peakRssMb(), await peakRssMb(), await peakRssMb()];
console.log(
  `memory      peak RSS of a small run (3 turns, tiny context, --json), median of 3: ${median(rss).toFixed(0)} MB (goal ≤ 120 MB)`,
);
