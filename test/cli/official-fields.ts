// What `--export official` lines are held to: the field lists of the official project's visualizer types
// (RLMConfigMetadata, RLMIteration) and of its Python logger, shared by the export tests.

/** RLMConfigMetadata: a run's metadata (the first line adds `type` and `timestamp`). */
export const RUN_METADATA_KEYS = [
  'backend',
  'backend_kwargs',
  'environment_kwargs',
  'environment_type',
  'max_depth',
  'max_iterations',
  'other_backends',
  'root_model',
];

/** RLMIteration: one root turn. */
export const ITERATION_KEYS = [
  'code_blocks',
  'final_answer',
  'iteration',
  'iteration_time',
  'prompt',
  'response',
  'timestamp',
  'type',
];

/** An object's keys, sorted as the lists above are. */
export const keys = (value: unknown) => Object.keys(value as object).toSorted();

export const parseJsonl = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
