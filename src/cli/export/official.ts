import type { LogHeader, RlmEvent, RlmEventOf } from '../../engine/index.ts';

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
 * blocks and the sub-calls each block made. Child RLMs appear as single calls (that format has no nesting).
 */
export function toOfficialJsonl(header: LogHeader | null, events: RlmEvent[]): string {
  const start = events.find(
    (event): event is RlmEventOf<'run_start'> => event.type === 'run_start' && event.depth === 0,
  );
  const rootModel = header?.model ?? start?.model ?? 'unknown';
  const subModel = header?.subModel ?? start?.subModel ?? rootModel;
  const metadata: OfficialMetadata = {
    type: 'metadata',
    timestamp: header?.createdAt ?? new Date(events[0]?.ts ?? 0).toISOString(),
    root_model: rootModel,
    max_depth: start?.limits.maxDepth ?? 1,
    max_iterations: start?.limits.maxIterations ?? 30,
    backend: 'rlm (TypeScript)',
    backend_kwargs: { model_name: rootModel, sub_model: subModel, base_url: header?.baseUrl ?? null },
    environment_type: 'isolated-vm',
    environment_kwargs: {},
    other_backends: subModel === rootModel ? null : [subModel],
  };
  return [metadata, ...officialIterations(events)].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

function officialIterations(events: RlmEvent[]): OfficialIteration[] {
  const root = events.filter((event) => event.rlmId === 'r0');
  const iterations: OfficialIteration[] = [];
  const callStarts = new Map<string, RlmEventOf<'llm_call_start'>>();
  for (const event of events) if (event.type === 'llm_call_start') callStarts.set(event.callId, event);

  for (const begin of root.filter(
    (event): event is RlmEventOf<'iteration_start'> => event.type === 'iteration_start',
  )) {
    const inIteration = root.filter((event) => 'iteration' in event && event.iteration === begin.iteration);
    const rootCall = root.find(
      (event): event is RlmEventOf<'llm_call_end'> =>
        event.type === 'llm_call_end' && event.purpose !== 'sub' && event.ts >= begin.ts,
    );
    const request = rootCall ? callStarts.get(rootCall.callId) : undefined;
    const end = inIteration.find((event) => event.type === 'iteration_end');
    const final = root.find(
      (event): event is RlmEventOf<'final'> =>
        event.type === 'final' && event.ts >= begin.ts && (!end || event.ts <= end.ts + 1),
    );
    iterations.push({
      type: 'iteration',
      iteration: begin.iteration,
      timestamp: new Date(begin.ts).toISOString(),
      prompt: request
        ? [...(request.instructions ? [{ role: 'system', content: request.instructions }] : []), ...request.messages]
        : [],
      response: rootCall?.text ?? '',
      code_blocks: inIteration
        .filter((event): event is RlmEventOf<'code_block'> => event.type === 'code_block')
        .map((block) => {
          const output = inIteration.find(
            (event): event is RlmEventOf<'repl_output'> => event.type === 'repl_output' && event.index === block.index,
          );
          return {
            code: block.code,
            result: {
              stdout: output?.output ?? '',
              stderr: output?.error ? `${output.error.name}: ${output.error.message}` : '',
              locals: {},
              execution_time: (output?.durationMs ?? 0) / 1000,
              rlm_calls: callsOfBlock(events, begin.iteration, block.index),
            },
          };
        }),
      final_answer: final?.answer ?? null,
      iteration_time: end ? (end.ts - begin.ts) / 1000 : null,
    });
  }
  return iterations;
}

function callsOfBlock(events: RlmEvent[], iteration: number, blockIndex: number): OfficialCall[] {
  const starts = events.filter(
    (event): event is RlmEventOf<'subcall_start'> =>
      event.type === 'subcall_start' &&
      event.rlmId === 'r0' &&
      event.iteration === iteration &&
      event.blockIndex === blockIndex,
  );
  return starts.map((start) => {
    const end = events.find(
      (event): event is RlmEventOf<'subcall_end'> =>
        event.type === 'subcall_end' && event.subcallId === start.subcallId,
    );
    const childRlm =
      start.mode === 'rlm'
        ? events.find((event) => event.parentId === start.subcallId && event.rlmId !== start.rlmId)?.rlmId
        : undefined;
    const ownCalls = events.filter(
      (event): event is RlmEventOf<'llm_call_end'> =>
        event.type === 'llm_call_end' &&
        (event.parentId === start.subcallId ||
          (childRlm !== undefined && (event.rlmId === childRlm || event.rlmId.startsWith(`${childRlm}.`)))),
    );
    const input = ownCalls.reduce((sum, call) => sum + call.usage.inputTokens, 0);
    const output = ownCalls.reduce((sum, call) => sum + call.usage.outputTokens, 0);
    const call: OfficialCall = {
      root_model: start.model,
      prompt: start.prompt,
      response: end?.response ?? '',
      usage_summary: {
        model_usage_summaries: {
          [start.model]: {
            total_calls: Math.max(1, ownCalls.length),
            total_input_tokens: input,
            total_output_tokens: output,
          },
        },
      },
      prompt_tokens: input,
      completion_tokens: output,
      execution_time: (end?.latencyMs ?? 0) / 1000,
    };
    if (end?.error) call.error = end.error;
    return call;
  });
}
