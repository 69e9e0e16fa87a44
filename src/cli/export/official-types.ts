// The official `rlm` project's trajectory format (its Python logger and visualizer), field for field.

export interface OfficialUsageSummary {
  model_usage_summaries: Record<
    string,
    { total_calls: number; total_input_tokens: number; total_output_tokens: number; total_cost?: number }
  >;
  /** Present when any model's cost is known. */
  total_cost?: number;
}

/** RLMMetadata: how the RLM was configured. */
export interface OfficialRunMetadata {
  root_model: string;
  max_depth: number;
  max_iterations: number;
  backend: string;
  backend_kwargs: Record<string, unknown>;
  environment_type: string;
  environment_kwargs: Record<string, unknown>;
  other_backends: string[] | null;
}

/** A child RLM's whole trajectory, as the official logger attaches it to the call that started it. */
export interface OfficialTrajectory {
  run_metadata: OfficialRunMetadata;
  iterations: OfficialIteration[];
}

/** One sub-LM call (Python's RLMChatCompletion plus the visualizer's token fields). */
export interface OfficialCall {
  root_model: string;
  prompt: string;
  response: string;
  usage_summary: OfficialUsageSummary;
  prompt_tokens: number;
  completion_tokens: number;
  execution_time: number;
  /** For an `rlm_query` that ran as a child RLM: that RLM's trajectory. */
  metadata?: OfficialTrajectory;
  error?: string;
}

export interface OfficialCodeBlock {
  code: string;
  result: {
    stdout: string;
    stderr: string;
    /** Each variable's summary (type, size, a short preview), as the model was shown them after the turn. */
    locals: Record<string, string>;
    execution_time: number;
    rlm_calls: OfficialCall[];
    /** The answer, on the block that called FINAL / FINAL_VAR. */
    final_answer: string | null;
  };
}

export interface OfficialIteration {
  type: 'iteration';
  iteration: number;
  timestamp: string;
  prompt: Array<{ role: string; content: string }>;
  response: string;
  code_blocks: OfficialCodeBlock[];
  final_answer: string | null;
  iteration_time: number | null;
}

export interface OfficialMetadata extends OfficialRunMetadata {
  type: 'metadata';
  timestamp: string;
}
