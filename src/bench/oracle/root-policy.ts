// oracle-root: a scripted RLM root model. It reads the question from the first user message, finds the task (or
// recognises one of its own sub-tasks, as a child RLM), and answers turn by turn with the cells of its plan. It
// never looks at the expected answer: what it knows of a task is what the question says (`meta.query`).
import type { ScriptedRequest } from '../../scripted-server/index.ts';
import type { MultihopQuery } from '../suites/multihop-docs.ts';
import type { BenchTask } from '../suites/types.ts';
import {
  aggregationCells,
  FINAL_CELL,
  hopChildCells,
  multihopCells,
  sniahCells,
  tallyChildCells,
  type Cell,
  type RunShape,
} from './cells.ts';
import { HOP_PATTERN, parseTallySubtask } from './protocol.ts';

function questionOf(request: ScriptedRequest): string | null {
  const first = request.messages.find((message) => message.role === 'user');
  // The question ends where the engine's description of the data (or, without one, the turn line) begins.
  return first ? (/^Question: ([\s\S]*?)\n\n(?:## The data\n|Turn 1\/)/.exec(first.content)?.[1] ?? null) : null;
}

function shapeOf(request: ScriptedRequest): RunShape {
  const system = request.system ?? '';
  return {
    subcalls: !system.includes('There are no sub-model calls in this run'),
    recurse: system.includes('Starts a child RLM'),
  };
}

function planFor(task: BenchTask, shape: RunShape): Cell[] {
  const query = task.meta.query as Record<string, unknown>;
  switch (task.suite) {
    case 'sniah':
      return sniahCells(String(query.key));
    case 'oolong-lite':
    case 'pairs-lite':
      return aggregationCells(task.suite, query, shape);
    case 'multihop-docs':
      return multihopCells(query as unknown as MultihopQuery, shape);
  }
}

function childPlan(question: string): Cell[] | null {
  const tally = parseTallySubtask(question);
  if (tally) return tallyChildCells(tally.window);
  const hop = HOP_PATTERN.exec(question);
  if (hop) return hopChildCells(hop[1] ?? '', hop[2] ?? '');
  return null;
}

const reply = (cell: Cell) => `${cell.say}\n\n\`\`\`repl\n${cell.code}\n\`\`\``;

export function createRootPolicy(tasks: BenchTask[]): (request: ScriptedRequest) => string {
  const byQuestion = new Map<string, BenchTask>();
  for (const task of tasks) if (!byQuestion.has(task.question)) byQuestion.set(task.question, task);

  return (request) => {
    const last = request.messages.at(-1)?.content ?? '';
    if (/^(You have used all your turns|The run has reached one of its limits)/.test(last)) return 'FINAL(unknown)';
    const question = questionOf(request);
    if (question === null) return 'FINAL(I cannot find the question.)';
    const task = byQuestion.get(question);
    const plan = task ? planFor(task, shapeOf(request)) : childPlan(question);
    if (!plan) return 'FINAL(I do not recognise this task.)';
    const step = request.messages.filter((message) => message.role === 'assistant').length;
    const cell = plan[step];
    if (cell) return reply(cell);
    // Past the plan (a FINAL_VAR failed): finish with whatever there is.
    return reply({
      say: 'Finishing with what I have.',
      code: `FINAL(typeof answer === 'undefined' ? 'unknown' : answer)`,
    });
  };
}

export { FINAL_CELL };
