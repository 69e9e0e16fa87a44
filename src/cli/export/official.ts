import {
  callsOfSubcall,
  callsWithin,
  childRlmOf,
  indexTrajectory,
  replyCallOf,
  requestOf,
  rootRlmOf,
  subcallsOfCell,
  type LogHeader,
  type QuestionNode,
  type RlmEvent,
  type RlmNode,
  type SubcallNode,
  type TrajectoryIndex,
} from '../../engine/index.ts';

/** One sub-LM call as the official visualizer reads it (Python's RLMChatCompletion plus the viewer's token fields). */
export interface OfficialCall {
  root_model: string;
  prompt: string;
  response: string;
  usage_summary: {
    model_usage_summaries: Record<
      string,
      { total_calls: number; total_input_tokens: number; total_output_tokens: number }
    >;
  };
  prompt_tokens: number;
  completion_tokens: number;
  execution_time: number;
  error?: string;
}

export interface OfficialIteration {
  type: 'iteration';
  iteration: number;
  timestamp: string;
  prompt: Array<{ role: string; content: string }>;
  response: string;
  code_blocks: Array<{
    code: string;
    result: {
      stdout: string;
      stderr: string;
      locals: Record<string, unknown>;
      execution_time: number;
      rlm_calls: OfficialCall[];
    };
  }>;
  final_answer: string | null;
  iteration_time: number | null;
}

export interface OfficialMetadata {
  type: 'metadata';
  timestamp: string;
  root_model: string;
  max_depth: number;
  max_iterations: number;
  backend: string;
  backend_kwargs: Record<string, unknown>;
  environment_type: string;
  environment_kwargs: Record<string, unknown>;
  other_backends: string[] | null;
}

/**
 * The official `rlm` project's visualizer JSONL: a metadata line, then one line per root iteration with its code
 * blocks and the sub-calls each block made. Everything comes from the trajectory index, in event order: a turn's
 * reply is the model call made in that turn, never the first one logged at or after some time. A session log holds
 * several questions: each gets its own metadata line and iterations, in order.
 */
export function toOfficialJsonl(header: LogHeader | null, events: RlmEvent[]): string {
  const index = indexTrajectory(events);
  const lines: unknown[] = [];
  for (const question of index.questions) {
    lines.push(officialMetadata(header, question, index.firstTs));
    const root = rootRlmOf(index, question);
    if (root) lines.push(...officialIterations(index, root));
  }
  if (index.questions.length === 0) lines.push(officialMetadata(header, undefined, index.firstTs));
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

function officialMetadata(
  header: LogHeader | null,
  question: QuestionNode | undefined,
  firstTs: number | null,
): OfficialMetadata {
  const rootModel = question?.model ?? header?.model ?? 'unknown';
  const subModel = question?.subModel ?? header?.subModel ?? rootModel;
  return {
    type: 'metadata',
    timestamp: question
      ? new Date(question.startedAt).toISOString()
      : (header?.createdAt ?? new Date(firstTs ?? 0).toISOString()),
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

function officialIterations(index: TrajectoryIndex, rlm: RlmNode): OfficialIteration[] {
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
      code_blocks: iteration.cells.map((cell) => ({
        code: cell.code,
        result: {
          stdout: cell.result?.output ?? '',
          stderr: cell.error ? `${cell.error.name}: ${cell.error.message}` : '',
          locals: {},
          execution_time: (cell.durationMs ?? 0) / 1000,
          rlm_calls: subcallsOfCell(index, cell).map((subcall) => officialCall(index, subcall)),
        },
      })),
      final_answer: iteration.final?.answer ?? null,
      iteration_time: iteration.endedAt === null ? null : (iteration.endedAt - iteration.startedAt) / 1000,
    };
  });
}

function officialCall(index: TrajectoryIndex, subcall: SubcallNode): OfficialCall {
  const child = childRlmOf(index, subcall);
  const calls = child && subcall.childRlmId ? callsWithin(index, subcall.childRlmId) : callsOfSubcall(index, subcall);
  const call: OfficialCall = {
    root_model: subcall.model,
    prompt: subcall.prompt,
    response: subcall.response ?? '',
    usage_summary: {
      model_usage_summaries: {
        [subcall.model]: {
          total_calls: Math.max(1, calls.length),
          total_input_tokens: subcall.usage.inputTokens,
          total_output_tokens: subcall.usage.outputTokens,
        },
      },
    },
    prompt_tokens: subcall.usage.inputTokens,
    completion_tokens: subcall.usage.outputTokens,
    execution_time: (subcall.latencyMs ?? 0) / 1000,
  };
  if (subcall.error) call.error = subcall.error;
  return call;
}
