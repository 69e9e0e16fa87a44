import {
  callsOfSubcall,
  callsWithin,
  childRlmOf,
  indexTrajectory,
  replyCallOf,
  requestOf,
  rootRlmOf,
  subcallsOfCell,
  type IterationNode,
  type LogHeader,
  type QuestionNode,
  type RlmEvent,
  type RlmNode,
  type SubcallNode,
  type TrajectoryIndex,
} from '../../engine/internal.ts';
import type {
  OfficialCall,
  OfficialCodeBlock,
  OfficialIteration,
  OfficialMetadata,
  OfficialRunMetadata,
  OfficialUsageSummary,
} from './official-types.ts';

export type * from './official-types.ts';

/**
 * The official `rlm` project's visualizer JSONL: a metadata line, then one line per root iteration with its code
 * blocks and the sub-calls each block made. A child RLM's whole trajectory (`run_metadata` + `iterations`) is
 * nested under the `metadata` of the call that started it, as the official logger does, down to any depth.
 * Everything comes from the trajectory index, in event order: a turn's reply is the model call made in that turn,
 * never the first one logged at or after some time. A session log holds several questions: each gets its own
 * metadata line and iterations, in order.
 */
export function toOfficialJsonl(header: LogHeader | null, events: RlmEvent[]): string {
  const index = indexTrajectory(events);
  const lines: unknown[] = [];
  for (const question of index.questions) {
    const timestamp = new Date(question.startedAt).toISOString();
    const metadata: OfficialMetadata = { type: 'metadata', timestamp, ...runMetadata(header, question) };
    lines.push(metadata);
    const root = rootRlmOf(index, question);
    if (root) lines.push(...officialIterations(index, root, header, question));
  }
  if (index.questions.length === 0)
    lines.push({
      type: 'metadata',
      timestamp: header?.createdAt ?? new Date(index.firstTs ?? 0).toISOString(),
      ...runMetadata(header, undefined),
    });
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

function runMetadata(
  header: LogHeader | null,
  question: QuestionNode | undefined,
  rootModel = question?.model ?? header?.model ?? 'unknown',
): OfficialRunMetadata {
  const subModel = question?.subModel ?? header?.subModel ?? rootModel;
  return {
    root_model: rootModel,
    max_depth: question?.limits.maxDepth ?? 1,
    max_iterations: question?.limits.maxIterations ?? 30,
    backend: 'rlm (TypeScript)',
    backend_kwargs: { model_name: rootModel, sub_model: subModel, base_url: header?.baseUrl ?? null },
    environment_type: 'isolated-vm',
    environment_kwargs: {},
    other_backends: subModel === rootModel ? null : [subModel],
  };
}

function officialIterations(
  index: TrajectoryIndex,
  rlm: RlmNode,
  header: LogHeader | null,
  question: QuestionNode | undefined,
): OfficialIteration[] {
  return rlm.iterations.map((iteration) => {
    const reply = replyCallOf(index, iteration);
    const request = reply ? requestOf(index, reply.key) : null;
    return {
      type: 'iteration',
      iteration: iteration.iteration,
      timestamp: new Date(iteration.startedAt).toISOString(),
      prompt: request
        ? [
            ...(request.instructions ? [{ role: 'system', content: request.instructions }] : []),
            ...request.messages.map((message) => ({ role: message.role, content: message.content })),
          ]
        : [],
      response: reply?.end?.text ?? '',
      code_blocks: codeBlocks(index, iteration, header, question),
      final_answer: iteration.final?.answer ?? null,
      iteration_time: iteration.endedAt === null ? null : (iteration.endedAt - iteration.startedAt) / 1000,
    };
  });
}

function codeBlocks(
  index: TrajectoryIndex,
  iteration: IterationNode,
  header: LogHeader | null,
  question: QuestionNode | undefined,
): OfficialCodeBlock[] {
  const locals = Object.fromEntries((iteration.variables ?? []).map((variable) => [variable.name, variable.summary]));
  const last = iteration.cells.length - 1;
  return iteration.cells.map((cell, position) => ({
    code: cell.code,
    result: {
      stdout: cell.result?.output ?? '',
      stderr: cell.error ? `${cell.error.name}: ${cell.error.message}` : '',
      locals,
      execution_time: (cell.durationMs ?? 0) / 1000,
      rlm_calls: subcallsOfCell(index, cell).map((subcall) => officialCall(index, subcall, header, question)),
      // FINAL in code ends the turn: the block that called it is the last one that ran.
      final_answer: position === last && iteration.final?.source === 'code' ? iteration.final.answer : null,
    },
  }));
}

function officialCall(
  index: TrajectoryIndex,
  subcall: SubcallNode,
  header: LogHeader | null,
  question: QuestionNode | undefined,
): OfficialCall {
  const child = childRlmOf(index, subcall);
  const calls = child && subcall.childRlmId ? callsWithin(index, subcall.childRlmId) : callsOfSubcall(index, subcall);
  const call: OfficialCall = {
    root_model: subcall.model,
    prompt: subcall.prompt,
    response: subcall.response ?? '',
    usage_summary: usageSummary(subcall, Math.max(1, calls.length)),
    prompt_tokens: subcall.usage.inputTokens,
    completion_tokens: subcall.usage.outputTokens,
    execution_time: (subcall.latencyMs ?? 0) / 1000,
  };
  if (child)
    call.metadata = {
      run_metadata: runMetadata(header, question, subcall.model),
      iterations: officialIterations(index, child, header, question),
    };
  if (subcall.error) call.error = subcall.error;
  return call;
}

function usageSummary(subcall: SubcallNode, calls: number): OfficialUsageSummary {
  const cost = subcall.costUsd === null ? {} : { total_cost: subcall.costUsd };
  return {
    model_usage_summaries: {
      [subcall.model]: {
        total_calls: calls,
        total_input_tokens: subcall.usage.inputTokens,
        total_output_tokens: subcall.usage.outputTokens,
        ...cost,
      },
    },
    ...cost,
  };
}
