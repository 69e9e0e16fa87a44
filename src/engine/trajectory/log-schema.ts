import { z } from 'zod';

// What a reader may rely on in each log line. Lines are checked on read, so a hand-edited, corrupted or foreign
// log gives a note naming the line, never a crash deep inside a reader. Objects stay loose: a newer writer may add
// fields, and an older reader keeps working.

const count = z.number().int().nonnegative();
const text = z.string();
const nullableText = z.string().nullable();
const usage = z.looseObject({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteTokens: z.number().optional(),
  reasoningTokens: z.number(),
});
const failure = z.looseObject({ code: text, message: text }).nullable();
const message = z.looseObject({ role: z.enum(['system', 'user', 'assistant']), content: text });
const context = z.looseObject({
  type: z.enum(['string', 'documents', 'none']),
  chars: z.number(),
  documents: z.number(),
  paths: z.array(text),
});

const base = { runId: text, rlmId: text, parentId: nullableText, depth: count, ts: z.number() };
const event = <T extends z.ZodRawShape>(type: string, shape: T) =>
  z.looseObject({ ...base, type: z.literal(type), ...shape });

const EVENT_SCHEMAS = {
  run_start: event('run_start', {
    question: text,
    model: text,
    subModel: text,
    context,
    limits: z.looseObject({
      maxIterations: z.number(),
      maxDepth: z.number(),
      maxCostUsd: z.number().nullable(),
      maxTokens: z.number().nullable(),
      maxSubcalls: z.number().nullable(),
      timeoutMs: z.number().nullable(),
      concurrency: z.number(),
    }),
    sessionId: text.optional(),
    questionIndex: z.number().optional(),
  }),
  iteration_start: event('iteration_start', { iteration: count, maxIterations: z.number() }),
  iteration_end: event('iteration_end', {
    iteration: count,
    variables: z.array(z.looseObject({ name: text, summary: text })).optional(),
  }),
  llm_call_start: event('llm_call_start', {
    callId: text,
    model: text,
    purpose: z.enum(['root', 'final_answer', 'sub', 'compaction']),
    instructions: nullableText,
    messages: z.array(message),
    extendsCallId: text.optional(),
    promptInSubcall: z.literal(true).optional(),
  }),
  llm_call_sent: event('llm_call_sent', { callId: text, attempt: count }),
  llm_call_delta: event('llm_call_delta', { callId: text, text }),
  llm_call_retry: event('llm_call_retry', { callId: text, attempt: count, delayMs: z.number(), reason: text }),
  llm_call_end: event('llm_call_end', {
    callId: text,
    model: text,
    purpose: z.enum(['root', 'final_answer', 'sub', 'compaction']),
    ok: z.boolean(),
    text,
    reasoning: nullableText,
    finishReason: nullableText,
    usage,
    costUsd: z.number().nullable(),
    latencyMs: z.number(),
    queuedMs: z.number().optional(),
    cached: z.boolean(),
    retries: count,
    error: failure,
  }),
  code_block: event('code_block', { iteration: count, index: count, language: text, code: text }),
  repl_output: event('repl_output', {
    iteration: count,
    index: count,
    ok: z.boolean(),
    output: text,
    modelOutput: text,
    omittedChars: z.number(),
    value: nullableText,
    error: z.looseObject({ kind: text, name: text, message: text, line: z.number().optional() }).nullable(),
    sessionReset: z.boolean(),
    durationMs: z.number(),
  }),
  subcall_start: event('subcall_start', {
    subcallId: text,
    kind: z.enum(['llm_query', 'rlm_query']),
    mode: z.enum(['llm', 'rlm']),
    model: text,
    prompt: text,
    iteration: count,
    blockIndex: count,
    batchId: nullableText,
    batchIndex: z.number().nullable(),
    batchSize: z.number().nullable(),
  }),
  subcall_end: event('subcall_end', {
    subcallId: text,
    ok: z.boolean(),
    response: text,
    error: nullableText,
    latencyMs: z.number(),
  }),
  compaction: event('compaction', {
    iteration: count,
    tokensBefore: z.number(),
    tokensAfter: z.number(),
    replacedMessages: z.number(),
    summary: text,
  }),
  tool_call_start: event('tool_call_start', {
    toolCallId: text,
    name: text,
    input: z.unknown(),
    iteration: count,
    blockIndex: count,
  }),
  tool_call_end: event('tool_call_end', {
    toolCallId: text,
    ok: z.boolean(),
    output: z.unknown(),
    error: nullableText,
    durationMs: z.number(),
  }),
  budget_warning: event('budget_warning', {
    limit: z.enum(['cost', 'tokens', 'subcalls', 'time']),
    used: z.number(),
    max: z.number(),
  }),
  final: event('final', { answer: text, source: z.enum(['code', 'text', 'forced']) }),
  error: event('error', { code: text, message: text }),
  run_end: event('run_end', {
    stopReason: text,
    answer: nullableText,
    iterations: z.number(),
    subcalls: z.number(),
    usage: z.looseObject({ total: usage, costUsd: z.number().nullable() }),
    durationMs: z.number(),
    error: failure,
  }),
} as const;

export const HEADER_SCHEMA = z.looseObject({
  type: z.literal('header'),
  schema: z.string().regex(/^rlm\.trajectory\/[12]$/, 'a log format this rlm reads (rlm.trajectory/1 or /2)'),
  createdAt: text,
  question: text,
  model: text,
  subModel: text,
  baseUrl: nullableText,
  context: z.looseObject({ files: z.number(), bytes: z.number(), tokens: z.number().nullable() }).and(context),
  replayOf: nullableText,
});

/** Why a value is not a valid event: null when it is one. */
export function eventProblem(value: Record<string, unknown>): string | null {
  const schema = EVENT_SCHEMAS[value.type as keyof typeof EVENT_SCHEMAS] as z.ZodType | undefined;
  if (!schema) return `unknown event type ${JSON.stringify(value.type)}`;
  const result = schema.safeParse(value);
  return result.success ? null : describe(String(value.type), result.error);
}

export function headerProblem(value: unknown): string | null {
  const result = HEADER_SCHEMA.safeParse(value);
  return result.success ? null : describe('header', result.error);
}

/** The first issue, as `llm_call_end.text: expected string, received object`. */
function describe(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `invalid ${what}`;
  const where = [what, ...issue.path.map(String)].join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}: ${issue.message}${more}`;
}
