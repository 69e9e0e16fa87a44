import { z } from 'zod';
import { apiKeyEnvNames, PROVIDERS, type ProviderId } from '../../engine/internal-light.ts';

/** Providers with a public endpoint (the compatible server has `baseUrl` of its own). */
const NAMED_PROVIDERS = PROVIDERS.filter((spec) => spec.id !== 'compatible').map((spec) => spec.id) as [
  Exclude<ProviderId, 'compatible'>,
  ...Array<Exclude<ProviderId, 'compatible'>>,
];

const price = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
});

/** What a config file (user or project) may hold. Secrets are deliberately absent: keys come from the environment. */
export const fileConfigSchema = z.strictObject({
  model: z.string().min(1).optional(),
  subModel: z.string().min(1).optional(),
  /** An OpenAI-compatible server (Chat Completions) for model ids without a provider prefix. */
  baseUrl: z.url().optional(),
  /** Endpoint overrides of the named providers (gateways, proxies). */
  baseUrls: z.partialRecord(z.enum(NAMED_PROVIDERS), z.url()).optional(),
  maxIterations: z.int().positive().optional(),
  /** Consecutive turns in which every cell failed before the run stops (stopReason max_errors). */
  maxErrors: z.int().positive().optional(),
  /** Fraction of the root's window a request may reach before earlier turns are compacted (default 0.85). */
  compactionThreshold: z.number().gt(0).lt(1).optional(),
  maxDepth: z.int().positive().optional(),
  maxCostUsd: z.number().nonnegative().optional(),
  maxTokens: z.int().positive().optional(),
  maxSubcalls: z.int().nonnegative().optional(),
  timeoutSeconds: z.number().positive().optional(),
  /** One model call attempt; a timed-out attempt is retried once. */
  callTimeoutSeconds: z.number().positive().optional(),
  /** A streamed reply must start (headers and first event) within this. */
  firstByteTimeoutSeconds: z.number().positive().optional(),
  concurrency: z.int().positive().optional(),
  maxContextBytes: z.int().positive().optional(),
  maxFileBytes: z.int().positive().optional(),
  gitignore: z.boolean().optional(),
  logDir: z.string().min(1).optional(),
  /** A file whose text replaces the default instructions (relative paths: from this config file's directory). */
  systemPromptFile: z.string().min(1).optional(),
  /** False: the replacement prompt is sent without the REPL reference appended. */
  replReference: z.boolean().optional(),
  /** Text appended to the instructions, or `@path` to read it from a file. */
  instructions: z.string().min(1).optional(),
  /** Retries of a failing model call (429, 5xx, network): count and backoff. */
  retry: z
    .strictObject({
      maxRetries: z.int().nonnegative().optional(),
      initialDelayMs: z.int().nonnegative().optional(),
      maxDelayMs: z.int().nonnegative().optional(),
    })
    .optional(),
  /** USD per million tokens, keyed by model id (with or without provider prefix). */
  prices: z.record(z.string(), price).optional(),
  /** Input tokens one request may carry, keyed like `prices`. */
  contextWindows: z.record(z.string(), z.int().positive()).optional(),
  sandbox: z
    .strictObject({
      memoryLimitMb: z.int().positive().optional(),
      cpuTimeLimitMs: z.int().positive().optional(),
      wallTimeLimitMs: z.int().positive().optional(),
      outputLimitChars: z.int().positive().optional(),
      isolation: z.enum(['process', 'in-process']).optional(),
      maxPromptBytes: z.int().positive().optional(),
      maxBatchBytes: z.int().positive().optional(),
    })
    .optional(),
});

export type FileConfig = z.infer<typeof fileConfigSchema>;

/** Keys people try to put in a config file that must live in the environment instead. */
export const SECRET_KEYS = ['apiKey', 'apiKeys', 'openaiApiKey', 'anthropicApiKey', ...apiKeyEnvNames()];
