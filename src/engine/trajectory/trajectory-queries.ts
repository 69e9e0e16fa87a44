import type { ChatMessage } from '../types.ts';
import type {
  CellNode,
  FullRequest,
  IterationNode,
  LlmCallNode,
  QuestionNode,
  RlmNode,
  SubcallNode,
  TrajectoryIndex,
} from './trajectory-types.ts';

/**
 * A call's whole request. A log of version 2 records a root call as the messages it adds to the call it
 * extends; this walks those links back and joins the pieces (version 1 logs hold each request whole).
 */
export function requestOf(index: TrajectoryIndex, callKey: string): FullRequest | null {
  const chain: LlmCallNode[] = [];
  const seen = new Set<string>();
  let key: string | null = callKey;
  while (key !== null && !seen.has(key)) {
    seen.add(key);
    const call: LlmCallNode | undefined = index.calls.get(key);
    if (!call) return chain.length === 0 ? null : joined(index, chain, true);
    chain.push(call);
    key = call.extendsCallId;
  }
  return joined(index, chain, false);
}

function joined(index: TrajectoryIndex, chain: LlmCallNode[], broken: boolean): FullRequest {
  const first = chain.at(-1);
  const messages: ChatMessage[] = [];
  if (broken) messages.push({ role: 'user', content: '(earlier messages missing from the log)' });
  for (const call of chain.toReversed()) {
    // A plain sub-call's request is its prompt, which the log keeps once, on the sub-call.
    const prompt = call.start.promptInSubcall ? index.subcalls[call.parentKey ?? '']?.prompt : undefined;
    messages.push(...(prompt === undefined ? call.start.messages : [{ role: 'user' as const, content: prompt }]));
  }
  return { instructions: first?.start.instructions ?? null, messages };
}

/** The RLM's own calls in an iteration, in order; `root` is the turn's reply. */
export function callsOfIteration(index: TrajectoryIndex, iteration: IterationNode): LlmCallNode[] {
  return iteration.callIds.map((key) => index.calls.get(key)).filter((call): call is LlmCallNode => call !== undefined);
}

/** The call that produced the turn's reply (the iteration's `root` call), if the log has it. */
export function replyCallOf(index: TrajectoryIndex, iteration: IterationNode): LlmCallNode | undefined {
  return callsOfIteration(index, iteration).find((call) => call.purpose === 'root');
}

export function subcallsOfCell(index: TrajectoryIndex, cell: CellNode): SubcallNode[] {
  return cell.subcallIds.map((key) => index.subcalls[key]).filter((node): node is SubcallNode => node !== undefined);
}

export function subcallsOfIteration(index: TrajectoryIndex, iteration: IterationNode): SubcallNode[] {
  return iteration.cells.flatMap((cell) => subcallsOfCell(index, cell));
}

/** The model calls that carried a sub-call out (plain `llm_query`s; a child RLM's calls are under its RLM). */
export function callsOfSubcall(index: TrajectoryIndex, subcall: SubcallNode): LlmCallNode[] {
  return subcall.callIds.map((key) => index.calls.get(key)).filter((call): call is LlmCallNode => call !== undefined);
}

export function childRlmOf(index: TrajectoryIndex, subcall: SubcallNode): RlmNode | undefined {
  return subcall.childRlmId === null ? undefined : index.rlms[subcall.childRlmId];
}

/** Every model call made inside an RLM and below it (its sub-calls and child RLMs), in start order. */
export function callsWithin(index: TrajectoryIndex, rlmKey: string): LlmCallNode[] {
  const inside = new Set<string>([rlmKey]);
  for (const [key, rlm] of Object.entries(index.rlms)) {
    let parent = rlm.parentSubcallId;
    const seen = new Set<string>();
    while (parent !== null && !seen.has(parent)) {
      seen.add(parent);
      const owner = index.subcalls[parent]?.rlmId;
      if (owner === undefined) break;
      if (owner === rlmKey) {
        inside.add(key);
        break;
      }
      parent = index.rlms[owner]?.parentSubcallId ?? null;
    }
  }
  return [...index.calls.values()].filter((call) => inside.has(call.rlmId));
}

/** The question a log (or the live view) is about now: the last one started. */
export function currentQuestion(index: TrajectoryIndex): QuestionNode | undefined {
  return index.questions.at(-1);
}

export function rootRlmOf(index: TrajectoryIndex, question: QuestionNode): RlmNode | undefined {
  return index.rlms[question.rootRlmId];
}
